import { createHash } from 'node:crypto';
import {
  fitRanker,
  ForbiddenError,
  MIN_AP_GAIN,
  InputError,
  NotFoundError,
  predictRanker,
  type FlagFeatures,
  type RankFit,
  type RankFlag,
  validatesBetter,
} from '@payesh/core';
import type { RankingRecord, RankingState, User, Violation } from '@payesh/contract';
import { recordAudit } from './audit.js';
import type { StoredRanking } from './flag-ranking.js';
import { reviewing } from './review.js';
import { iso, type Store } from './store.js';

/** Fits and validates a ranker: in this thread by default; the server gives one that runs on a worker thread. */
export type RankFitter = (flags: RankFlag[], labels: Uint8Array, current: Float64Array) => Promise<RankFit>;

export const fitInThisThread: RankFitter = async (flags, labels, current) => fitRanker(flags, labels, current);

export interface RankRunOptions {
  /**
   * Other runs of the same city whose decisions the model also learns from (`--from-run`); when not
   * given, those of the run's latest ranking (so that later rankings keep learning from them).
   */
  readonly fromRuns?: readonly string[];
  /** Who asked: a supervisor or admin (source `user`); none for `payesh rank` and the server. */
  readonly user?: User | null;
  /** What asked (default: `user` with a user, else `cli`). */
  readonly source?: RankingRecord['source'];
  readonly fit?: RankFitter;
}

interface RankRow {
  id: number;
  run_id: string;
  confidence: number;
  violation: Violation;
  district: string | null;
  status: string;
  properties: string;
}

interface RankingRow {
  id: number;
  run_id: string;
  at: string;
  source: RankingRecord['source'];
  username: string | null;
  model_version: string | null;
  applied: number;
  reason: string | null;
  from_runs: string;
  decided: number;
  confirmed: number;
  folds: number;
  average_precision: number | null;
  baseline_average_precision: number | null;
  ranked: number;
  fit_ms: number;
  store_ms: number;
}

const toRecord = (r: RankingRow): RankingRecord => ({
  id: r.id,
  runId: r.run_id,
  at: r.at,
  source: r.source,
  by: r.username,
  modelVersion: r.model_version,
  applied: r.applied === 1,
  reason: r.reason,
  fromRuns: JSON.parse(r.from_runs),
  decided: r.decided,
  confirmed: r.confirmed,
  folds: r.folds,
  averagePrecision: r.average_precision,
  baselineAveragePrecision: r.baseline_average_precision,
  ranked: r.ranked,
  fitMs: r.fit_ms,
  storeMs: r.store_ms,
});

const RANKING_SELECT =
  'SELECT k.id, k.run_id, k.at, k.source, u.username, k.model_version, k.applied, k.reason, k.from_runs, k.decided, k.confirmed, k.folds, k.average_precision, k.baseline_average_precision, k.ranked, k.fit_ms, k.store_ms FROM rankings k LEFT JOIN users u ON u.id = k.user_id';

/** The flag as the ranker reads it; null for flags of runs made before features existed. */
function rankFlag(r: RankRow): RankFlag | null {
  const features = (JSON.parse(r.properties) as { features?: FlagFeatures | null }).features ?? null;
  return features ? { confidence: r.confidence, violation: r.violation, district: r.district, features } : null;
}

async function runExists(store: Store, runId: string, role = ''): Promise<void> {
  if (!(await store.sql.get('SELECT 1 AS x FROM runs WHERE id = ?', [runId])))
    throw new NotFoundError(`no run "${runId}"${role}`);
}

/**
 * Learns from the decided flags of a run (and of `fromRuns`): confirmed = 1, dismissed = 0; field
 * visits and pending flags are left out. When the model's k-fold average precision beats that of the
 * original order (confidence) on the same flags by MIN_AP_GAIN, every pending flag of the run gets its
 * probability of being confirmed and its three main reasons, and the queue follows them while ranking is
 * on; otherwise the pending flags lose any probability and the queue is in the original order. Either
 * way the ranking is recorded, with its validation, in `rankings` and in the audit log. Fitting runs
 * outside the run's lock; the probabilities are written under it.
 */
export async function rankRun(store: Store, runId: string, options: RankRunOptions = {}): Promise<RankingRecord> {
  const fromRuns = [...new Set(options.fromRuns ?? (await latestSources(store, runId)))].filter((r) => r !== runId);
  await runExists(store, runId);
  for (const r of fromRuns) await runExists(store, r, ' to learn from');
  const runs = [runId, ...fromRuns];
  // The ranking is as of now: decisions made while it fits count as made after it.
  const at = iso(store);
  const decidedRows = await store.sql.all<RankRow>(
    `SELECT id, run_id, confidence, violation, district, status, properties FROM flags WHERE run_id IN (${runs.map(() => '?').join(', ')}) AND status IN ('confirmed', 'dismissed') AND category != 'information' ORDER BY run_id, id`,
    runs,
  );
  const examples = decidedRows.flatMap((r) => {
    const flag = rankFlag(r);
    return flag ? [{ flag, label: r.status === 'confirmed' ? 1 : 0 }] : [];
  });
  if (decidedRows.length > 0 && examples.length === 0)
    throw new InputError(
      `the decided flags of ${runs.map((r) => `"${r}"`).join(', ')} have no features (runs made before Payesh measured them): run compare again and import it`,
    );
  const fitStarted = performance.now();
  const fit = await (options.fit ?? fitInThisThread)(
    examples.map((e) => e.flag),
    Uint8Array.from(examples, (e) => e.label),
    Float64Array.from(examples, (e) => e.flag.confidence),
  );
  const fitMs = performance.now() - fitStarted;
  const { model, validation } = fit;
  const version = model ? createHash('sha256').update(JSON.stringify(model)).digest('hex').slice(0, 16) : null;
  const better = validation !== null && validatesBetter(validation);
  const reason = !model
    ? fit.reason
    : better
      ? null
      : `its k-fold average precision ${validation!.averagePrecision.toFixed(3)} does not beat the original order's ${validation!.baselineAveragePrecision.toFixed(3)} by ${MIN_AP_GAIN}`;
  return reviewing(store, runId, async (tx) => {
    const storeStarted = performance.now();
    let ranked = 0;
    if (model && better) {
      const pending = (
        await tx.sql.all<RankRow>(
          "SELECT id, run_id, confidence, violation, district, status, properties FROM flags WHERE run_id = ? AND status = 'pending' AND category != 'information'",
          [runId],
        )
      ).flatMap((r) => {
        const flag = rankFlag(r);
        return flag ? [{ id: r.id, flag }] : [];
      });
      const predictions = predictRanker(
        model,
        pending.map((p) => p.flag),
      );
      await writeProbabilities(
        tx,
        pending.map((p, i) => ({
          id: p.id,
          probability: predictions[i]!.probability,
          ranking: { reasons: predictions[i]!.reasons, modelVersion: version! } satisfies StoredRanking,
        })),
      );
      ranked = pending.length;
    } else {
      // Not better than the original order: the queue goes back to it (earlier probabilities were learned from less).
      await tx.sql.run(
        "UPDATE flags SET probability = NULL, ranking = NULL WHERE run_id = ? AND status = 'pending' AND probability IS NOT NULL",
        [runId],
      );
    }
    const storeMs = performance.now() - storeStarted;
    const row = {
      run: runId,
      at,
      user: options.user?.id ?? null,
      source: options.source ?? (options.user ? 'user' : 'cli'),
      version,
      applied: model && better ? 1 : 0,
      reason,
      fromRuns: JSON.stringify(runs),
      decided: validation?.decided ?? examples.length,
      confirmed: validation?.confirmed ?? examples.filter((e) => e.label === 1).length,
      folds: validation?.folds ?? 0,
      ap: validation?.averagePrecision ?? null,
      baseAp: validation?.baselineAveragePrecision ?? null,
      ranked,
      fitMs: Math.round(fitMs * 10) / 10,
      storeMs: Math.round(storeMs * 10) / 10,
      model: model ? JSON.stringify(model) : null,
    };
    const inserted = await tx.sql.get<{ id: number }>(
      `INSERT INTO rankings (run_id, at, user_id, source, model_version, applied, reason, from_runs, decided, confirmed, folds, average_precision, baseline_average_precision, ranked, fit_ms, store_ms, model)
       VALUES (@run, @at, @user, @source, @version, @applied, @reason, @fromRuns, @decided, @confirmed, @folds, @ap, @baseAp, @ranked, @fitMs, @storeMs, @model) RETURNING id`,
      row,
    );
    await recordAudit(tx, options.user?.id ?? null, row.applied ? 'ranking.apply' : 'ranking.skip', `run:${runId}`, {
      ranking: inserted!.id,
      source: row.source,
      model_version: version,
      average_precision: row.ap,
      baseline_average_precision: row.baseAp,
      decided: row.decided,
      confirmed: row.confirmed,
      folds: row.folds,
      from_runs: runs,
      ranked,
      reason,
    });
    return (await rankingById(tx, inserted!.id))!;
  });
}

/** The runs the run's latest ranking learned from, the run itself left out (none before any ranking). */
async function latestSources(store: Store, runId: string): Promise<string[]> {
  const row = await store.sql.get<{ from_runs: string }>(
    'SELECT from_runs FROM rankings WHERE run_id = ? ORDER BY id DESC LIMIT 1',
    [runId],
  );
  return row ? (JSON.parse(row.from_runs) as string[]).filter((r) => r !== runId) : [];
}

/** Rows per UPDATE statement when writing probabilities. */
const WRITE_CHUNK = 500;

async function writeProbabilities(
  store: Store,
  rows: readonly { id: number; probability: number; ranking: StoredRanking }[],
): Promise<void> {
  const pg = store.sql.dialect === 'postgres';
  for (let at = 0; at < rows.length; at += WRITE_CHUNK) {
    const chunk = rows.slice(at, at + WRITE_CHUNK);
    const params: Record<string, string | number> = {};
    const values = chunk.map((r, k) => {
      Object.assign(params, { [`i${k}`]: r.id, [`p${k}`]: r.probability, [`r${k}`]: JSON.stringify(r.ranking) });
      return pg ? `(@i${k}::integer, @p${k}::double precision, @r${k}::text)` : `(@i${k}, @p${k}, @r${k})`;
    });
    await store.sql.run(
      pg
        ? `UPDATE flags SET probability = v.p, ranking = v.r FROM (VALUES ${values.join(', ')}) AS v(id, p, r) WHERE flags.id = v.id`
        : `UPDATE flags SET probability = v.column2, ranking = v.column3 FROM (VALUES ${values.join(', ')}) AS v WHERE flags.id = v.column1`,
      params,
    );
  }
}

async function rankingById(store: Store, id: number): Promise<RankingRecord | null> {
  const row = await store.sql.get<RankingRow>(`${RANKING_SELECT} WHERE k.id = ?`, [id]);
  return row ? toRecord(row) : null;
}

/** The rankings of a run, newest first. */
export async function listRankings(store: Store, runId: string): Promise<RankingRecord[]> {
  await runExists(store, runId);
  return (await store.sql.all<RankingRow>(`${RANKING_SELECT} WHERE k.run_id = ? ORDER BY k.id DESC`, [runId])).map(
    toRecord,
  );
}

/** Whether the run's queue follows the learned order, its latest ranking and the decisions made since. */
export async function rankingState(store: Store, runId: string): Promise<RankingState> {
  const run = await store.sql.get<{ ranking_enabled: number }>('SELECT ranking_enabled FROM runs WHERE id = ?', [
    runId,
  ]);
  if (!run) throw new NotFoundError(`no run "${runId}"`);
  const latest = await store.sql.get<RankingRow>(`${RANKING_SELECT} WHERE k.run_id = ? ORDER BY k.id DESC LIMIT 1`, [
    runId,
  ]);
  const since = await store.sql.get<{ n: number }>(
    'SELECT count(*) AS n FROM decisions d JOIN flags f ON f.id = d.flag_id WHERE f.run_id = ? AND d.decided_at > ?',
    [runId, latest?.at ?? ''],
  );
  return {
    enabled: run.ranking_enabled === 1,
    latest: latest ? toRecord(latest) : null,
    decisionsSince: Number(since!.n),
  };
}

/** Supervisors and admins switch a run's learned ranking on or off (recorded in the audit log). */
export async function setRankingEnabled(
  store: Store,
  runId: string,
  enabled: boolean,
  user: User,
): Promise<RankingState> {
  if (user.role !== 'supervisor' && user.role !== 'admin')
    throw new ForbiddenError('only supervisors and admins can switch the learned ranking');
  await reviewing(store, runId, async (tx) => {
    await runExists(tx, runId);
    await tx.sql.run('UPDATE runs SET ranking_enabled = ? WHERE id = ?', [enabled ? 1 : 0, runId]);
    await recordAudit(tx, user.id, enabled ? 'ranking.enable' : 'ranking.disable', `run:${runId}`, {});
  });
  return rankingState(store, runId);
}
