import { Router } from 'express';
import { z } from 'zod';
import { addUser, getUser, listUsers, MAX_PASSWORD_LENGTH, removeUser, ROLES, setPassword, setUserDisabled } from '@payesh/store';
import { principalOf, requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';
import { recordId } from './record-id.js';

// Lengths and names are checked by the store's policy, with one message per rule.
const NewUser = z.object({ username: z.string().max(256), password: z.string().max(MAX_PASSWORD_LENGTH), role: z.enum(ROLES) }).strict();
const UserChange = z.object({ disabled: z.boolean().optional(), password: z.string().max(MAX_PASSWORD_LENGTH).optional() }).strict();

/** Users (admins only): list, add, disable or enable, set a password, remove. */
export function userRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.get('/api/users', requireRole('admin'), (_req, res) => {
    res.json({ users: listUsers(ctx.store) });
  });
  router.post('/api/users', requireRole('admin'), async (req, res) => {
    const user = await addUser(ctx.store, NewUser.parse(req.body), principalOf(res).user.id);
    res.status(201).json({ user });
  });
  router.patch('/api/users/:id', requireRole('admin'), async (req, res) => {
    const id = recordId(req.params.id, 'user');
    const change = UserChange.parse(req.body);
    const actor = principalOf(res).user.id;
    getUser(ctx.store, id);
    if (change.password !== undefined) await setPassword(ctx.store, id, change.password, actor);
    if (change.disabled !== undefined) setUserDisabled(ctx.store, id, change.disabled, actor);
    res.json({ user: getUser(ctx.store, id) });
  });
  router.delete('/api/users/:id', requireRole('admin'), (req, res) => {
    removeUser(ctx.store, recordId(req.params.id, 'user'), principalOf(res).user.id);
    res.status(204).end();
  });
  return router;
}
