import { Router } from 'express';
import { RankNowBodySchema, RankingSwitchBodySchema, type RankingRecord, type RankingState } from '@payesh/contract';
import { getRun, listRankings, rankingState, setRankingEnabled } from '@payesh/store';
import { principalOf, requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';
import { runParam } from './query.js';

/** The learned ranking of a run's queue: its state and history for everyone; the switch and "rank now" for supervisors. */
export function rankingRoutes(ctx: ServerContext): Router {
  const router = Router();
  const anyone = requireRole();
  const supervisor = requireRole('supervisor', 'admin');
  router.get('/api/runs/:run/ranking', anyone, async (req, res) => {
    res.json((await rankingState(ctx.store, runParam(req.params.run))) satisfies RankingState);
  });
  router.get('/api/runs/:run/rankings', anyone, async (req, res) => {
    res.json({ rankings: (await listRankings(ctx.store, runParam(req.params.run))) satisfies RankingRecord[] });
  });
  router.put('/api/runs/:run/ranking', supervisor, async (req, res) => {
    const { enabled } = RankingSwitchBodySchema.parse(req.body);
    const run = await getRun(ctx.store, runParam(req.params.run));
    res.json((await setRankingEnabled(ctx.store, run.id, enabled, principalOf(res).user)) satisfies RankingState);
  });
  router.post('/api/runs/:run/ranking', supervisor, async (req, res) => {
    RankNowBodySchema.parse(req.body ?? {});
    const run = await getRun(ctx.store, runParam(req.params.run));
    res.json((await ctx.ranker.rankNow(run.id, principalOf(res).user)) satisfies RankingRecord);
  });
  return router;
}
