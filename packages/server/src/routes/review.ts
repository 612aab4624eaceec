import { Router, type Request, type Response } from 'express';
import { ForbiddenError } from '@payesh/core';
import { DecisionBodySchema, ReopenBodySchema, type FlagDetail, type Lock } from '@payesh/contract';
import { decideFlag, getRun, lockFlag, reopenFlag, takeNextFlag, undoDecision, validateDecision } from '@payesh/store';
import { principalOf, requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';
import { idParam, parseFlagQuery, runParam } from './query.js';

/** The inspector's work: the next flag (locked), decisions, undo; supervisors reopen and validate. */
export function reviewRoutes(ctx: ServerContext): Router {
  const router = Router();
  const reviewer = requireRole('inspector', 'supervisor');
  /** The store, the run and flag the path names, and who asks: what every action on one flag takes first. */
  const flagOf = (req: Request, res: Response) =>
    [ctx.store, runParam(req.params['run']), idParam(req.params['id']), principalOf(res).user] as const;
  router.post('/api/runs/:run/queue/next', reviewer, async (req, res) => {
    const run = await getRun(ctx.store, runParam(req.params.run));
    const flag = await takeNextFlag(ctx.store, run.id, principalOf(res).user, parseFlagQuery(req.query));
    if (!flag) res.status(204).end();
    else res.json(flag satisfies FlagDetail);
  });
  router.post('/api/runs/:run/flags/:id/lock', reviewer, async (req, res) => {
    res.json((await lockFlag(...flagOf(req, res))) satisfies Lock);
  });
  router.post('/api/runs/:run/flags/:id/decisions', reviewer, async (req, res) => {
    const body = DecisionBodySchema.parse(req.body);
    // The answer goes out only after the transaction committed (SQLite synchronous=FULL, PostgreSQL COMMIT): durable once 200.
    const [store, run, id, user] = flagOf(req, res);
    res.json((await decideFlag(store, run, id, user, body)) satisfies FlagDetail);
    ctx.ranker.afterDecision(run);
  });
  router.post('/api/runs/:run/flags/:id/undo', reviewer, async (req, res) => {
    res.json((await undoDecision(...flagOf(req, res))) satisfies FlagDetail);
  });
  router.post('/api/runs/:run/flags/:id/reopen', requireRole('supervisor'), async (req, res) => {
    const { reason } = ReopenBodySchema.parse(req.body ?? {});
    res.json((await reopenFlag(...flagOf(req, res), reason ?? null)) satisfies FlagDetail);
  });
  router.post('/api/runs/:run/flags/:id/validate', requireRole('supervisor'), async (req, res) => {
    if (!ctx.config.requireSecondReview)
      throw new ForbiddenError('second review is not enabled on this server (--second-review)');
    res.json((await validateDecision(...flagOf(req, res))) satisfies FlagDetail);
  });
  return router;
}
