import type { Decision, FlagGeometry, FlagProperties, FlagSummary } from '@payesh/contract';

/** The before image as the cover describes it (in the report's language). */
export interface ReportImagery {
  readonly bands: number;
  readonly dtype: string;
  /** Pixel size in the CRS's units. */
  readonly pixelSize: number;
  /** Whether those units are metres (known for EPSG/proj4 definitions in metres). */
  readonly pixelUnit: 'm' | 'crs';
  readonly epsg: number | null;
}

/** What the report says about the run. */
export interface ReportRun {
  readonly id: string;
  readonly beforeOn: string | null;
  readonly afterOn: string | null;
  readonly method: string | null;
  readonly version: string | null;
  readonly imagery: ReportImagery | null;
}

/** The current decision on a flag, as the report shows it. */
export type ReportDecision = Pick<Decision, 'outcome' | 'legalCategory' | 'note' | 'username' | 'decidedAt'>;

/** One flag as reported: the wire flag (its run aside), the parcel's permits and the current decision. */
export interface ReportFlag extends Omit<FlagSummary, 'runId' | 'probability'> {
  /** Built area removed on the parcel (what a demolition reports). */
  readonly removedM2: FlagProperties['removed_m2'];
  readonly permits: FlagProperties['permits'];
  readonly decision: ReportDecision | null;
  readonly geometry: FlagGeometry;
}

export interface Tally {
  readonly count: number;
  /** New built area (demolitions add none). */
  readonly areaM2: number;
  /** Demolished area (demolitions only). */
  readonly demolishedM2: number;
}

export interface ReportSummary {
  readonly total: Tally;
  readonly byViolation: ReadonlyMap<string, Tally>;
  readonly byDistrict: ReadonlyMap<string, Tally>;
}

/** The areas a flag adds to a tally: a demolition reports the area torn down, never new built area. */
export const flagAreas = (
  f: Pick<ReportFlag, 'violation' | 'newBuiltM2' | 'removedM2'>,
): { builtM2: number; demolishedM2: number } =>
  f.violation === 'demolition' ? { builtM2: 0, demolishedM2: f.removedM2 } : { builtM2: f.newBuiltM2, demolishedM2: 0 };

/** Counts, new built and demolished areas by violation and by district (streamed: add flags page by page). */
export class SummaryBuilder {
  private readonly total = { count: 0, areaM2: 0, demolishedM2: 0 };
  private readonly violations = new Map<string, { count: number; areaM2: number; demolishedM2: number }>();
  private readonly districts = new Map<string, { count: number; areaM2: number; demolishedM2: number }>();

  add(flags: readonly ReportFlag[]): void {
    for (const f of flags) {
      const { builtM2, demolishedM2 } = flagAreas(f);
      for (const [map, key] of [
        [this.violations, f.violation],
        [this.districts, f.district ?? '—'],
      ] as const) {
        const t = map.get(key) ?? { count: 0, areaM2: 0, demolishedM2: 0 };
        t.count++;
        t.areaM2 += builtM2;
        t.demolishedM2 += demolishedM2;
        map.set(key, t);
      }
      this.total.count++;
      this.total.areaM2 += builtM2;
      this.total.demolishedM2 += demolishedM2;
    }
  }

  summary(): ReportSummary {
    const sorted = (m: Map<string, Tally>) =>
      new Map([...m].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0])));
    return { total: { ...this.total }, byViolation: sorted(this.violations), byDistrict: sorted(this.districts) };
  }
}
