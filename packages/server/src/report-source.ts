import { NotFoundError, type RasterReader } from '@payesh/core';
import type { CompareRunRecord, FlagGeometry, MapLayer, ReportStatus, Violation } from '@payesh/contract';
import { openGeoTiff } from '@payesh/io';
import {
  violationColour,
  type EvidenceImages,
  type ReportFlag,
  type ReportImagery,
  type ReportSource,
} from '@payesh/report';
import { layerPath, StyleCache } from './layers.js';
import { getFlag, getRun, listFlags, type FlagQuery, type Store } from '@payesh/store';
import { renderAreaMap, renderChip } from '@payesh/tiler';

type Rings = number[][][];
const ringsOf = (g: FlagGeometry): Rings => (g.type === 'Polygon' ? g.coordinates : g.coordinates.flat());

/** What a report selects: a status (or all), violations (or all), a district (or all). */
export interface ReportSelection {
  readonly status: ReportStatus;
  readonly violation?: readonly Violation[] | null;
  readonly district?: string | null;
}

/** The store query of a report's selection. */
export const selectionQuery = (s: ReportSelection): FlagQuery => ({
  status: s.status === 'all' ? undefined : [s.status],
  violation: s.violation?.length ? s.violation : undefined,
  district: s.district ?? undefined,
});

/** How many flags a selection holds (a report's length, known before it is made). */
export const countReportFlags = async (store: Store, runId: string, selection: ReportSelection): Promise<number> =>
  (await listFlags(store, runId, { ...selectionQuery(selection), pageSize: 1 })).total;

/** The before image as run.json describes it: bands, sample type, ground pixel size in metres (else CRS units), EPSG. */
function imageryOf(runJson: CompareRunRecord): ReportImagery | null {
  // Optional chaining and checks: runs imported before records were checked may lack these.
  const b = runJson.inputs?.before;
  if (!b || typeof b.bands !== 'number') return null;
  const gsd = runJson.grid?.gsd_m;
  return {
    bands: b.bands,
    dtype: b.dtype ?? '?',
    pixelSize: typeof gsd === 'number' ? gsd : Math.abs(b.geotransform?.[1] ?? 0),
    pixelUnit: typeof gsd === 'number' ? 'm' : 'crs',
    epsg: b.epsg ?? null,
  };
}

/** A report's flags from the store (pages of 200, in rank order) and their chips rendered from the run's rasters. */
export async function storeReportSource(
  store: Store,
  runId: string,
  query: FlagQuery,
): Promise<ReportSource & { close(): Promise<void> }> {
  const run = await getRun(store, runId);
  const readers = new Map<MapLayer, Promise<RasterReader>>();
  const styles = new StyleCache();
  const reader = (layer: MapLayer): Promise<RasterReader> => {
    let r = readers.get(layer);
    if (!r) readers.set(layer, (r = openGeoTiff(layerPath(run, layer))));
    return r;
  };
  const chip = async (
    layer: MapLayer,
    bbox: readonly [number, number, number, number],
    rings: Rings,
    width: number,
  ) => {
    const r = await reader(layer);
    return new Uint8Array(await renderChip(r, await styles.get(run, layer, r), bbox, rings, width, undefined, 'jpeg'));
  };
  return {
    run: {
      id: run.id,
      beforeOn: run.beforeOn,
      afterOn: run.afterOn,
      method: run.method,
      version: run.runJson.payesh ?? null,
      imagery: imageryOf(run.runJson),
    },
    async *pages() {
      for (let page = 1; ; page++) {
        const { items } = await listFlags(store, run.id, {
          ...query,
          sort: 'rank',
          descending: false,
          page,
          pageSize: 200,
        });
        if (items.length === 0) return;
        const details = [];
        for (const s of items) details.push(await getFlag(store, run.id, s.id));
        yield details.map((d): ReportFlag => {
          const current = [...d.decisions].reverse().find((x) => x.supersededAt === null) ?? null;
          return {
            id: d.id,
            flagKey: d.flagKey,
            rank: d.rank,
            parcelId: d.parcelId,
            violation: d.violation,
            category: d.category,
            confidence: d.confidence,
            newBuiltM2: d.newBuiltM2,
            removedM2: d.properties.removed_m2 ?? 0,
            permittedAreaM2: d.permittedAreaM2,
            district: d.district,
            address: d.address,
            status: d.status,
            bbox: d.bbox,
            permits: d.properties.permits ?? [],
            geometry: d.geometry,
            decision: current
              ? {
                  outcome: current.outcome,
                  legalCategory: current.legalCategory,
                  note: current.note,
                  username: current.username,
                  decidedAt: current.decidedAt,
                }
              : null,
          };
        });
        if (items.length < 200) return;
      }
    },
    async images(flag): Promise<EvidenceImages> {
      const rings = ringsOf(flag.geometry);
      const [before, after, change] = await Promise.all(
        (['before', 'after', 'change'] as const).map((l) => chip(l, flag.bbox, rings, 360)),
      );
      return { before: before!, after: after!, change: change! };
    },
    async overview(flags) {
      const bbox: [number, number, number, number] = [
        Math.min(...flags.map((f) => f.bbox[0])),
        Math.min(...flags.map((f) => f.bbox[1])),
        Math.max(...flags.map((f) => f.bbox[2])),
        Math.max(...flags.map((f) => f.bbox[3])),
      ];
      if (!Number.isFinite(bbox[0])) throw new NotFoundError('no flag to draw');
      const r = await reader('after');
      return new Uint8Array(
        await renderAreaMap(
          r,
          await styles.get(run, 'after', r),
          bbox,
          flags.map((f) => ({ rings: ringsOf(f.geometry), colour: violationColour(f.violation) })),
        ),
      );
    },
    async close() {
      for (const r of readers.values()) await r.then((x) => x.close()).catch(() => undefined);
    },
  };
}
