import { Router } from 'express';
import { z } from 'zod';
import { ForbiddenError } from '@payesh/core';
import { decideFlag, getRun, lockFlag, OUTCOMES, reopenFlag, takeNextFlag, undoDecision, validateDecision } from '@payesh/store';
import { principalOf, requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';
import { idParam, parseFlagQuery, runParam } from './query.js';

const DecisionBody = z.object({ outcome: z.enum(OUTCOMES), legalCategory: z.number().int().min(1).max(6).nullable().optional(), note: z.string().max(2000).nullable().optional() }).strict();
const ReopenBody = z.object({ reason: z.string().max(2000).nullable().optional() }).strict();

/** The inspector's work: the next flag (locked), decisions, undo; supervisors reopen and validate. */
export function reviewRoutes(ctx: ServerContext): Router {
  const router = Router();
  const reviewer = requireRole('inspector', 'supervisor');
  router.post('/api/runs/:run/queue/next', reviewer, (req, res) => {
    const run = getRun(ctx.store, runParam(req.params.run));
    const flag = takeNextFlag(ctx.store, run.id, principalOf(res).user, parseFlagQuery(req.query));
    if (!flag) res.status(204).end();
    else res.json(flag);
  });
  router.post('/api/runs/:run/flags/:id/lock', reviewer, (req, res) => {
    res.json(lockFlag(ctx.store, runParam(req.params.run), idParam(req.params.id), principalOf(res).user));
  });
  router.post('/api/runs/:run/flags/:id/decisions', reviewer, (req, res) => {
    const body = DecisionBody.parse(req.body);
    // The answer goes out only after the transaction committed (synchronous=FULL): durable once 200.
    res.json(decideFlag(ctx.store, runParam(req.params.run), idParam(req.params.id), principalOf(res).user, body));
  });
  router.post('/api/runs/:run/flags/:id/undo', reviewer, (req, res) => {
    res.json(undoDecision(ctx.store, runParam(req.params.run), idParam(req.params.id), principalOf(res).user));
  });
  router.post('/api/runs/:run/flags/:id/reopen', requireRole('supervisor'), (req, res) => {
    const { reason } = ReopenBody.parse(req.body ?? {});
    res.json(reopenFlag(ctx.store, runParam(req.params.run), idParam(req.params.id), principalOf(res).user, reason ?? null));
  });
  router.post('/api/runs/:run/flags/:id/validate', requireRole('supervisor'), (req, res) => {
    if (!ctx.config.requireSecondReview) throw new ForbiddenError('second review is not enabled on this server (--second-review)');
    res.json(validateDecision(ctx.store, runParam(req.params.run), idParam(req.params.id), principalOf(res).user));
  });
  return router;
}
