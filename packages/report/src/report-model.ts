import type { FlagSummary, PermitProperties } from '@payesh/core';

export type ReportLang = 'fa' | 'en';
export type ReportFormat = 'pdf' | 'csv' | 'geojson';

/** What the report says about the run. */
export interface ReportRun {
  readonly id: string;
  readonly beforeOn: string | null;
  readonly afterOn: string | null;
  readonly method: string | null;
  readonly version: string | null;
  /** e.g. "3-band uint8, 0.5 m, EPSG:32638". */
  readonly sensor: string | null;
}

export interface ReportDecision {
  readonly outcome: string;
  readonly legalCategory: number | null;
  readonly note: string | null;
  readonly username: string;
  readonly decidedAt: string;
}

/** One flag as reported: the finding, the parcel, the permits and the current decision. */
export interface ReportFlag extends Omit<FlagSummary, 'runId'> {
  readonly permits: readonly PermitProperties[];
  readonly decision: ReportDecision | null;
  readonly geometry: unknown;
}

export interface Tally {
  readonly count: number;
  readonly areaM2: number;
}

export interface ReportSummary {
  readonly total: Tally;
  readonly byViolation: ReadonlyMap<string, Tally>;
  readonly byDistrict: ReadonlyMap<string, Tally>;
}

/** Counts and new built areas by violation and by district (streamed: add flags page by page). */
export class SummaryBuilder {
  private total = { count: 0, areaM2: 0 };
  private readonly violations = new Map<string, { count: number; areaM2: number }>();
  private readonly districts = new Map<string, { count: number; areaM2: number }>();

  add(flags: readonly ReportFlag[]): void {
    for (const f of flags) {
      for (const [map, key] of [[this.violations, f.violation], [this.districts, f.district ?? '—']] as const) {
        const t = map.get(key) ?? { count: 0, areaM2: 0 };
        t.count++;
        t.areaM2 += f.newBuiltM2;
        map.set(key, t);
      }
      this.total.count++;
      this.total.areaM2 += f.newBuiltM2;
    }
  }

  summary(): ReportSummary {
    const sorted = (m: Map<string, Tally>) => new Map([...m].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0])));
    return { total: { ...this.total }, byViolation: sorted(this.violations), byDistrict: sorted(this.districts) };
  }
}
