import { Router } from 'express';
import { z } from 'zod';
import { ForbiddenError } from '@payesh/core';
import { createApiToken, findUserByName, listApiTokens, MAX_TOKEN_DAYS, revokeApiToken, TOKEN_DAYS } from '@payesh/store';
import { principalOf, requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';
import { recordId } from './record-id.js';

const NewToken = z.object({ label: z.string().min(1).max(100), days: z.number().int().min(1).max(MAX_TOKEN_DAYS).default(TOKEN_DAYS) }).strict();
const TokenQuery = z.object({ user: z.string().min(1).max(256).optional() }).strict();

/** API tokens: anyone makes, lists and revokes their own; admins list (all, or ?user=name) and revoke anyone's. */
export function tokenRoutes(ctx: ServerContext): Router {
  const router = Router();
  router.post('/api/tokens', requireRole(), (req, res) => {
    const { label, days } = NewToken.parse(req.body);
    res.status(201).json(createApiToken(ctx.store, principalOf(res).user.id, label, days));
  });
  router.get('/api/tokens', requireRole(), (req, res) => {
    const me = principalOf(res).user;
    const { user } = TokenQuery.parse(req.query);
    if (me.role !== 'admin' && user !== undefined && findUserByName(ctx.store, user).id !== me.id) throw new ForbiddenError("only admins list other users' tokens");
    const userId = me.role !== 'admin' ? me.id : user === undefined ? undefined : findUserByName(ctx.store, user).id;
    res.json({ tokens: listApiTokens(ctx.store, { userId }) });
  });
  router.delete('/api/tokens/:id', requireRole(), (req, res) => {
    revokeApiToken(ctx.store, recordId(req.params.id, 'token'), principalOf(res).user);
    res.status(204).end();
  });
  return router;
}
