/** The server's JSON API as the UI uses it; every failure is an ApiError with the server's message. */
import type { FlagSummary, PermitProperties } from '@payesh/core';

export type { FlagSummary };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface User {
  readonly id: number;
  readonly username: string;
  readonly role: 'inspector' | 'supervisor' | 'planner' | 'admin';
}

export interface RunInfo {
  readonly id: string;
  readonly beforeOn: string | null;
  readonly afterOn: string | null;
  readonly flagCount: number;
  readonly pending: number;
  readonly districts?: readonly string[];
}



export interface DecisionInfo {
  readonly id: number;
  readonly username: string;
  readonly outcome: string;
  readonly legalCategory: number | null;
  readonly note: string | null;
  readonly decidedAt: string;
  readonly supersededAt: string | null;
}

export interface FlagDetail extends FlagSummary {
  readonly geometry: GeoJSON.Geometry;
  readonly properties: { readonly evidence: GeoJSON.MultiPolygon; readonly permits?: readonly PermitProperties[]; readonly permit_footprints?: GeoJSON.MultiPolygon | null; readonly region_ids: readonly number[] };
  readonly decisions: readonly DecisionInfo[];
  readonly lock: { readonly username: string; readonly expiresAt: string } | null;
}

export interface FlagPage {
  readonly total: number;
  readonly items: FlagSummary[];
  readonly counts: Record<'pending' | 'confirmed' | 'dismissed' | 'field-visit', number>;
}

/** A report being made on the server for download (PDFs take a while: progress is polled). */
export interface ReportJob {
  readonly id: string;
  readonly state: 'running' | 'done' | 'failed';
  readonly done: number;
  readonly total: number;
  readonly filename: string;
  readonly error?: string;
}

export interface ReportRequest {
  readonly format: 'pdf' | 'csv' | 'geojson';
  readonly lang: 'fa' | 'en';
  readonly status: string;
  readonly violation?: string;
  readonly district?: string;
  /** 'both': Solar Hijri dates beside the ISO ones (CSV). */
  readonly dates?: 'iso' | 'both';
}

export interface TileJson {
  readonly tiles: readonly string[];
  readonly bounds: readonly [number, number, number, number];
  readonly minzoom: number;
  readonly maxzoom: number;
  readonly tileSize: number;
}

/** A client bound to one server origin; keeps the CSRF token of the session. */
export class Api {
  private csrf = '';

  constructor(private readonly base = '') {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        credentials: 'same-origin',
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(method === 'GET' ? {} : { 'x-csrf-token': this.csrf }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, (error as Error).message || 'network error');
    }
    if (res.status === 204) return null as T;
    const data = (await res.json().catch(() => ({}))) as { error?: string };
    if (!res.ok) throw new ApiError(res.status, data.error ?? res.statusText);
    return data as T;
  }

  async signIn(username: string, password: string): Promise<User> {
    const r = await this.call<{ user: User; csrf: string }>('POST', '/api/session', { username, password });
    this.csrf = r.csrf;
    return r.user;
  }

  /** The current session, or null when signed out. */
  async session(): Promise<User | null> {
    try {
      const r = await this.call<{ user: User; csrf: string | null }>('GET', '/api/session');
      this.csrf = r.csrf ?? '';
      return r.user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  }

  signOut = (): Promise<void> => this.call('DELETE', '/api/session');
  runs = (): Promise<{ runs: RunInfo[] }> => this.call('GET', '/api/runs');
  run = (id: string): Promise<RunInfo> => this.call('GET', `/api/runs/${encodeURIComponent(id)}`);
  flags = (run: string, query: string): Promise<FlagPage> => this.call('GET', `/api/runs/${encodeURIComponent(run)}/flags?${query}`);
  flag = (run: string, id: number): Promise<FlagDetail> => this.call('GET', `/api/runs/${encodeURIComponent(run)}/flags/${id}`);
  lock = (run: string, id: number): Promise<unknown> => this.call('POST', `/api/runs/${encodeURIComponent(run)}/flags/${id}/lock`);
  decide = (run: string, id: number, body: { outcome: string; legalCategory: number | null; note: string | null }): Promise<FlagDetail> => this.call('POST', `/api/runs/${encodeURIComponent(run)}/flags/${id}/decisions`, body);
  undo = (run: string, id: number): Promise<FlagDetail> => this.call('POST', `/api/runs/${encodeURIComponent(run)}/flags/${id}/undo`);
  reopen = (run: string, id: number): Promise<FlagDetail> => this.call('POST', `/api/runs/${encodeURIComponent(run)}/flags/${id}/reopen`, {});
  users = (): Promise<{ users: User[] }> => this.call('GET', '/api/users');
  addUser = (body: { username: string; password: string; role: string }): Promise<{ user: User }> => this.call('POST', '/api/users', body);
  /** 512-pixel tiles: a view needs a quarter of the requests (and of the images to decode) of 256-pixel ones. */
  tileJson = (run: string, layer: string): Promise<TileJson> => this.call('GET', `/tiles/${encodeURIComponent(run)}/${layer}.json?scale=2`);
  startReport = (run: string, body: ReportRequest): Promise<ReportJob> => this.call('POST', `/api/runs/${encodeURIComponent(run)}/reports`, body);
  report = (id: string): Promise<ReportJob> => this.call('GET', `/api/reports/${encodeURIComponent(id)}`);
  reportFileUrl = (id: string): string => `${this.base}/api/reports/${encodeURIComponent(id)}/file`;
  changes = (run: string, bbox: readonly number[]): Promise<GeoJSON.FeatureCollection> => this.call('GET', `/api/runs/${encodeURIComponent(run)}/changes.geojson?bbox=${bbox.join(',')}`);
}
