import { NotFoundError, type RasterReader } from '@payesh/core';
import { openGeoTiff } from '@payesh/io';
import type { EvidenceImages, ReportFlag, ReportSource } from '@payesh/report';
import { layerPath, StyleCache, type Layer } from './layers.js';
import { getFlag, getRun, listFlags, type FlagQuery, type Store } from '@payesh/store';
import { renderChip } from '@payesh/tiler';

type Rings = number[][][];
const ringsOf = (geometry: unknown): Rings => {
  const g = geometry as { type: string; coordinates: Rings | Rings[] };
  return g.type === 'Polygon' ? (g.coordinates as Rings) : (g.coordinates as Rings[]).flat();
};

/** A report's flags from the store (pages of 200, in rank order) and their chips rendered from the run's rasters. */
export async function storeReportSource(store: Store, runId: string, query: FlagQuery): Promise<ReportSource & { close(): Promise<void> }> {
  const run = getRun(store, runId);
  const inputs = run.runJson.inputs as { before?: { bands?: number; dtype?: string; geotransform?: number[]; epsg?: number | null } } | undefined;
  const b = inputs?.before;
  const sensor = b ? `${b.bands}-band ${b.dtype}, ${Math.abs(b.geotransform?.[1] ?? 0)} (CRS units) pixels, ${b.epsg ? `EPSG:${b.epsg}` : 'custom CRS'}` : null;
  const readers = new Map<Layer, Promise<RasterReader>>();
  const styles = new StyleCache();
  const reader = (layer: Layer): Promise<RasterReader> => {
    let r = readers.get(layer);
    if (!r) readers.set(layer, (r = openGeoTiff(layerPath(run, layer))));
    return r;
  };
  const chip = async (layer: Layer, bbox: readonly [number, number, number, number], rings: Rings, width: number) => {
    const r = await reader(layer);
    return new Uint8Array(await renderChip(r, await styles.get(run, layer, r), bbox, rings, width, undefined, 'jpeg'));
  };
  return {
    run: { id: run.id, beforeOn: run.beforeOn, afterOn: run.afterOn, method: run.method, version: (run.runJson.payesh as string | undefined) ?? null, sensor },
    async *pages() {
      for (let page = 1; ; page++) {
        const { items } = listFlags(store, run.id, { ...query, sort: 'rank', descending: false, page, pageSize: 200 });
        if (items.length === 0) return;
        yield items.map((s): ReportFlag => {
          const d = getFlag(store, run.id, s.id);
          const current = [...d.decisions].reverse().find((x) => x.supersededAt === null) ?? null;
          return {
            id: d.id, flagKey: d.flagKey, rank: d.rank, parcelId: d.parcelId, violation: d.violation, category: d.category, confidence: d.confidence, newBuiltM2: d.newBuiltM2, permittedAreaM2: d.permittedAreaM2,
            district: d.district, address: d.address, status: d.status, bbox: d.bbox, permits: d.properties.permits ?? [], geometry: d.geometry,
            decision: current ? { outcome: current.outcome, legalCategory: current.legalCategory, note: current.note, username: current.username, decidedAt: current.decidedAt } : null,
          };
        });
        if (items.length < 200) return;
      }
    },
    async images(flag): Promise<EvidenceImages> {
      const rings = ringsOf(flag.geometry);
      const [before, after, change] = await Promise.all((['before', 'after', 'change'] as const).map((l) => chip(l, flag.bbox, rings, 360)));
      return { before: before!, after: after!, change: change! };
    },
    async overview(flags) {
      const bbox: [number, number, number, number] = [Math.min(...flags.map((f) => f.bbox[0])), Math.min(...flags.map((f) => f.bbox[1])), Math.max(...flags.map((f) => f.bbox[2])), Math.max(...flags.map((f) => f.bbox[3]))];
      if (!Number.isFinite(bbox[0])) throw new NotFoundError('no flag to draw');
      return chip('after', bbox, flags.flatMap((f) => ringsOf(f.geometry)), 900);
    },
    async close() {
      for (const r of readers.values()) await r.then((x) => x.close()).catch(() => undefined);
    },
  };
}
