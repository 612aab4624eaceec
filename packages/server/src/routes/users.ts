import { Router } from 'express';
import { NewUserBodySchema, UserChangeBodySchema, type UserAnswer, type UserList } from '@payesh/contract';
import { addUser, getUser, listUsers, removeUser, setPassword, setUserDisabled } from '@payesh/store';
import { principalOf, requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';
import { recordId } from './record-id.js';

/** Users (admins only): list, add, disable or enable, set a password, remove. */
export function userRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.get('/api/users', requireRole('admin'), async (_req, res) => {
    res.json({ users: await listUsers(ctx.store) } satisfies UserList);
  });
  router.post('/api/users', requireRole('admin'), async (req, res) => {
    // Lengths and names are checked by the store's policy, with one message per rule.
    const user = await addUser(ctx.store, NewUserBodySchema.parse(req.body), principalOf(res).user.id);
    res.status(201).json({ user } satisfies UserAnswer);
  });
  router.patch('/api/users/:id', requireRole('admin'), async (req, res) => {
    const id = recordId(req.params.id, 'user');
    const change = UserChangeBodySchema.parse(req.body);
    const actor = principalOf(res).user.id;
    await getUser(ctx.store, id);
    if (change.password !== undefined) await setPassword(ctx.store, id, change.password, actor);
    if (change.disabled !== undefined) await setUserDisabled(ctx.store, id, change.disabled, actor);
    res.json({ user: await getUser(ctx.store, id) } satisfies UserAnswer);
  });
  router.delete('/api/users/:id', requireRole('admin'), async (req, res) => {
    await removeUser(ctx.store, recordId(req.params.id, 'user'), principalOf(res).user.id);
    res.status(204).end();
  });
  return router;
}
