import { Router } from 'express';
import { z } from 'zod';
import { addUser, createApiToken, listUsers, ROLES } from '@payesh/store';
import { principalOf, requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';

const NewUser = z.object({ username: z.string(), password: z.string().min(10).max(256), role: z.enum(ROLES) }).strict();
const NewToken = z.object({ label: z.string().min(1).max(100) }).strict();

/** Users (admins only) and API tokens (anyone, for themselves). */
export function userRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.get('/api/users', requireRole('admin'), (_req, res) => {
    res.json({ users: listUsers(ctx.store) });
  });
  router.post('/api/users', requireRole('admin'), async (req, res) => {
    const user = await addUser(ctx.store, NewUser.parse(req.body), principalOf(res).user.id);
    res.status(201).json({ user });
  });
  router.post('/api/tokens', requireRole(), (req, res) => {
    const { label } = NewToken.parse(req.body);
    res.status(201).json({ token: createApiToken(ctx.store, principalOf(res).user.id, label) });
  });
  return router;
}
