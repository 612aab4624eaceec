import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Router } from 'express';
import {
  MAP_LAYERS,
  type FlagDetail,
  type FlagMapCollection,
  type FlagPage,
  type RunInfo,
  type RunList,
} from '@payesh/contract';
import { flagDistricts, flagsGeoJson, getFlag, getRun, listFlags, listRuns } from '@payesh/store';
import { requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';
import { idParam, parseFlagQuery, runParam } from './query.js';

/** Runs, their flags (filtered, sorted, paginated), one flag with its history, GeoJSON by bbox. */
export function runRoutes(ctx: ServerContext): Router {
  const router = Router();
  const read = requireRole();
  router.get('/api/runs', read, async (_req, res) => {
    res.json({ runs: (await listRuns(ctx.store)).map(({ dir: _dir, ...summary }) => summary) } satisfies RunList);
  });
  router.get('/api/runs/:run', read, async (req, res) => {
    const run = await getRun(ctx.store, runParam(req.params.run));
    // The run's folder is the server's business: files come from the store's record, never from a client.
    const { runJson, dir: _dir, ...summary } = run;
    const tilejson = Object.fromEntries(
      MAP_LAYERS.map((l) => [l, `/tiles/${run.id}/${l}.json`]),
    ) as RunInfo['tilejson'];
    res.json({
      ...summary,
      districts: await flagDistricts(ctx.store, run.id),
      tilejson,
      period: runJson.period ?? null,
      parcels: runJson.parcels ?? null,
      flags: runJson.flags ?? null,
    } satisfies RunInfo);
  });
  router.get('/api/runs/:run/flags', read, async (req, res) => {
    const run = await getRun(ctx.store, runParam(req.params.run));
    res.json((await listFlags(ctx.store, run.id, parseFlagQuery(req.query))) satisfies FlagPage);
  });
  router.get('/api/runs/:run/flags.geojson', read, async (req, res) => {
    const run = await getRun(ctx.store, runParam(req.params.run));
    res
      .type('application/geo+json')
      .send(
        JSON.stringify((await flagsGeoJson(ctx.store, run.id, parseFlagQuery(req.query))) satisfies FlagMapCollection),
      );
  });
  router.get('/api/runs/:run/changes.geojson', read, async (req, res) => {
    const run = await getRun(ctx.store, runParam(req.params.run));
    const { bbox } = parseFlagQuery({ bbox: req.query.bbox });
    const all = JSON.parse(await readFile(join(run.dir, 'changes.geojson'), 'utf8')) as {
      features: { bbox?: number[]; geometry: { coordinates: number[][][][] } }[];
    };
    const features = bbox
      ? all.features.filter((f) => overlaps(featureBounds(f.geometry.coordinates), bbox))
      : all.features;
    res.type('application/geo+json').send(JSON.stringify({ type: 'FeatureCollection', features }));
  });
  router.get('/api/runs/:run/flags/:id', read, async (req, res) => {
    res.json((await getFlag(ctx.store, runParam(req.params.run), idParam(req.params.id))) satisfies FlagDetail);
  });
  return router;
}

function featureBounds(polygons: number[][][][]): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polygons)
    for (const [x, y] of poly[0]!)
      [b[0], b[1], b[2], b[3]] = [Math.min(b[0], x!), Math.min(b[1], y!), Math.max(b[2], x!), Math.max(b[3], y!)];
  return b;
}

const overlaps = (a: readonly number[], b: readonly number[]): boolean =>
  a[2]! >= b[0]! && a[0]! <= b[2]! && a[3]! >= b[1]! && a[1]! <= b[3]!;
