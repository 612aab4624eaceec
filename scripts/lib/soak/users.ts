import { currentDecisionOf, type Ledger } from './ledger.js';
import type { SoakClient } from './client.js';
import { viewTiles } from './tiles.js';

/** What every simulated user of one soak shares: the run, the clock and the phase. */
export interface Soak {
  readonly run: string;
  readonly ledger: Ledger;
  /** Mean time an inspector looks at a flag before deciding (ms). */
  readonly dwellMs: number;
  /** 'steady' for the soak, 'burst' to decide as fast as possible, 'stop' to end. */
  phase: 'steady' | 'burst' | 'stop';
  /** Set once the server was killed: failing requests are expected then. */
  killed: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const LAYERS = ['before', 'after', 'change'] as const;
const STRETCHES = ['', '?stretch=1,99', '?stretch=5,95'];

interface Flag {
  id: number;
  bbox: number[];
  decisions: { id: number; username: string; outcome: string; supersededAt: string | null }[];
}

/** Runs `body` until the soak stops; a failure after the kill ends the loop quietly. */
async function loop(soak: Soak, body: () => Promise<void>): Promise<void> {
  while (soak.phase !== 'stop') {
    try {
      await body();
    } catch (error) {
      if (soak.killed) return;
      throw error;
    }
  }
}

/** The views' tile templates (512 px tiles) and the zoom an inspector looks at a parcel with. */
async function tileTemplates(client: SoakClient, run: string): Promise<{ templates: string[]; zoom: number }> {
  const templates: string[] = [];
  let zoom = 0;
  for (const layer of LAYERS) {
    const tj = (await (await client.get('tilejson', `/tiles/${run}/${layer}.json?scale=2`)).json()) as {
      tiles: string[];
      maxzoom: number;
    };
    templates.push(tj.tiles[0]!);
    zoom = tj.maxzoom;
  }
  return { templates, zoom };
}

/** An inspector: the queue, the next flag (locked), its imagery and chips, a look, a decision, sometimes an undo. */
export async function inspector(soak: Soak, client: SoakClient, username: string, rnd: () => number): Promise<void> {
  const { templates, zoom } = await tileTemplates(client, soak.run);
  let cycle = 0;
  await loop(soak, async () => {
    const burst = soak.phase === 'burst';
    if (!burst && cycle++ % 10 === 0)
      await client.get('queue', `/api/runs/${soak.run}/flags?status=pending&pageSize=200`);
    const next = await client.post('next', `/api/runs/${soak.run}/queue/next`);
    if (next.status === 204) return sleep(2000);
    const flag = (await next.json()) as Flag;
    if (!burst) {
      await client.get('flag', `/api/runs/${soak.run}/flags/${flag.id}`);
      const stretch = STRETCHES[Math.floor(rnd() * STRETCHES.length)]!;
      await Promise.all(
        templates.flatMap((t) =>
          viewTiles(t, flag.bbox, zoom - 1).map((url) => client.get('tile', `${url}${stretch}`)),
        ),
      );
      await Promise.all(
        LAYERS.map((layer) => client.get('chip', `/api/runs/${soak.run}/flags/${flag.id}/chip/${layer}.png`)),
      );
      await sleep(soak.dwellMs * (0.5 + rnd()));
    }
    const outcome = rnd() < 0.7 ? 'confirmed' : rnd() < 0.85 ? 'dismissed' : 'field-visit';
    const body = {
      outcome,
      legalCategory: outcome === 'confirmed' ? 1 + Math.floor(rnd() * 6) : null,
      note: rnd() < 0.2 ? `soak note ${cycle}` : null,
    };
    const decided = await client.post('decide', `/api/runs/${soak.run}/flags/${flag.id}/decisions`, body);
    if (decided.status !== 200) return;
    const acked = currentDecisionOf((await decided.json()) as Flag, username);
    if (acked) soak.ledger.decisions.set(acked.id, acked);
    if (acked && !burst && rnd() < 0.1) {
      const undone = await client.post('undo', `/api/runs/${soak.run}/flags/${flag.id}/undo`);
      if (undone.status === 200) soak.ledger.superseded.add(acked.id);
    }
  });
}

/** A supervisor: keeps the queue from running dry by reopening decided flags (each reopen supersedes a decision). */
export async function supervisor(soak: Soak, client: SoakClient, rnd: () => number, minPending: number): Promise<void> {
  await loop(soak, async () => {
    const page = (await (
      await client.get(
        'queue',
        `/api/runs/${soak.run}/flags?status=confirmed,dismissed,field-visit&pageSize=100&page=${1 + Math.floor(rnd() * 3)}`,
      )
    ).json()) as { counts: Record<string, number>; items: { id: number }[] };
    const reopen = (page.counts.pending ?? 0) < minPending ? page.items.slice(0, 20) : [];
    for (const item of reopen) {
      if (soak.phase === 'stop') return;
      const flag = (await (await client.get('flag', `/api/runs/${soak.run}/flags/${item.id}`)).json()) as Flag;
      const current = flag.decisions.findLast((d) => d.supersededAt === null);
      const res = await client.post('reopen', `/api/runs/${soak.run}/flags/${item.id}/reopen`, { reason: 'soak' });
      if (res.status === 200 && current) soak.ledger.superseded.add(current.id);
    }
    await sleep(5000);
  });
}

/** A planner: the CSV and GeoJSON reports every minute, a PDF report of one district through the job API every few minutes. */
export async function planner(soak: Soak, client: SoakClient, district: string): Promise<void> {
  let round = 0;
  await loop(soak, async () => {
    if (soak.phase === 'burst') return sleep(500);
    await client.get('report-csv', `/api/runs/${soak.run}/report/csv?status=all`);
    await client.get('report-geojson', `/api/runs/${soak.run}/report/geojson?status=all`);
    if (round++ % 4 === 0) {
      const started = performance.now();
      const job = (await (
        await client.post('report-job', `/api/runs/${soak.run}/reports`, {
          format: 'pdf',
          lang: 'fa',
          status: 'all',
          district,
        })
      ).json()) as { id: string };
      let state = 'running';
      while (state === 'running' && soak.phase === 'steady') {
        await sleep(1000);
        state = ((await (await client.get('report-poll', `/api/reports/${job.id}`)).json()) as { state: string }).state;
      }
      if (state === 'done') await client.get('report-pdf-file', `/api/reports/${job.id}/file`);
      client.note('report-pdf-total', performance.now() - started);
    }
    for (let i = 0; i < 60 && soak.phase === 'steady'; i++) await sleep(1000);
  });
}
