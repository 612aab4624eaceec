import { Router } from 'express';
import { ForbiddenError } from '@payesh/core';
import { NewTokenBodySchema, TokenQuerySchema, type NewApiToken, type TokenList } from '@payesh/contract';
import { createApiToken, findUserByName, listApiTokens, revokeApiToken } from '@payesh/store';
import { principalOf, requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';
import { recordId } from './record-id.js';

/** API tokens: anyone makes, lists and revokes their own; admins list (all, or ?user=name) and revoke anyone's. */
export function tokenRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.post('/api/tokens', requireRole(), async (req, res) => {
    const { label, days } = NewTokenBodySchema.parse(req.body);
    res
      .status(201)
      .json((await createApiToken(ctx.store, principalOf(res).user.id, label, days)) satisfies NewApiToken);
  });
  router.get('/api/tokens', requireRole(), async (req, res) => {
    const me = principalOf(res).user;
    const { user } = TokenQuerySchema.parse(req.query);
    if (me.role !== 'admin' && user !== undefined && (await findUserByName(ctx.store, user)).id !== me.id)
      throw new ForbiddenError("only admins list other users' tokens");
    const userId =
      me.role !== 'admin' ? me.id : user === undefined ? undefined : (await findUserByName(ctx.store, user)).id;
    res.json({ tokens: await listApiTokens(ctx.store, { userId }) } satisfies TokenList);
  });
  router.delete('/api/tokens/:id', requireRole(), async (req, res) => {
    await revokeApiToken(ctx.store, recordId(req.params.id, 'token'), principalOf(res).user);
    res.status(204).end();
  });
  return router;
}
