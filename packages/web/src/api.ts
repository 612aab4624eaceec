/** The server's JSON API as the UI uses it; every failure is an ApiError with the server's message. */
import type {
  DecisionBody,
  ErrorAnswer,
  FlagDetail,
  FlagPage,
  Lock,
  NewUserBody,
  RankingRecord,
  RankingState,
  ReportJobRequest,
  ReportJobView,
  RunInfo,
  RunList,
  SessionAnswer,
  SignInAnswer,
  User,
  UserAnswer,
  UserList,
} from '@payesh/contract';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A layer's TileJSON (`/tiles/:run/:layer.json`), the fields the map uses. */
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
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(method === 'GET' ? {} : { 'x-csrf-token': this.csrf }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, (error as Error).message || 'network error');
    }
    if (res.status === 204) return null as T;
    const data = (await res.json().catch(() => ({}))) as Partial<ErrorAnswer>;
    if (!res.ok) throw new ApiError(res.status, data.error ?? res.statusText);
    return data as T;
  }

  async signIn(username: string, password: string): Promise<User> {
    const r = await this.call<SignInAnswer>('POST', '/api/session', { username, password });
    this.csrf = r.csrf;
    return r.user;
  }

  /** The current session, or null when signed out. */
  async session(): Promise<User | null> {
    try {
      const r = await this.call<SessionAnswer>('GET', '/api/session');
      this.csrf = r.csrf ?? '';
      return r.user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  }

  signOut = (): Promise<void> => this.call('DELETE', '/api/session');
  runs = (): Promise<RunList> => this.call('GET', '/api/runs');
  run = (id: string): Promise<RunInfo> => this.call('GET', `/api/runs/${encodeURIComponent(id)}`);
  flags = (run: string, query: string): Promise<FlagPage> =>
    this.call('GET', `/api/runs/${encodeURIComponent(run)}/flags?${query}`);
  flag = (run: string, id: number): Promise<FlagDetail> =>
    this.call('GET', `/api/runs/${encodeURIComponent(run)}/flags/${id}`);
  lock = (run: string, id: number): Promise<Lock> =>
    this.call('POST', `/api/runs/${encodeURIComponent(run)}/flags/${id}/lock`);
  decide = (run: string, id: number, body: DecisionBody): Promise<FlagDetail> =>
    this.call('POST', `/api/runs/${encodeURIComponent(run)}/flags/${id}/decisions`, body);
  undo = (run: string, id: number): Promise<FlagDetail> =>
    this.call('POST', `/api/runs/${encodeURIComponent(run)}/flags/${id}/undo`);
  reopen = (run: string, id: number): Promise<FlagDetail> =>
    this.call('POST', `/api/runs/${encodeURIComponent(run)}/flags/${id}/reopen`, {});
  users = (): Promise<UserList> => this.call('GET', '/api/users');
  addUser = (body: NewUserBody): Promise<UserAnswer> => this.call('POST', '/api/users', body);
  /** 512-pixel tiles: a view needs a quarter of the requests (and of the images to decode) of 256-pixel ones. */
  tileJson = (run: string, layer: string): Promise<TileJson> =>
    this.call('GET', `/tiles/${encodeURIComponent(run)}/${layer}.json?scale=2`);
  startReport = (run: string, body: ReportJobRequest): Promise<ReportJobView> =>
    this.call('POST', `/api/runs/${encodeURIComponent(run)}/reports`, body);
  report = (id: string): Promise<ReportJobView> => this.call('GET', `/api/reports/${encodeURIComponent(id)}`);
  reportFileUrl = (id: string): string => `${this.base}/api/reports/${encodeURIComponent(id)}/file`;
  ranking = (run: string): Promise<RankingState> => this.call('GET', `/api/runs/${encodeURIComponent(run)}/ranking`);
  /** Supervisors and admins: the queue follows the learned ranking or not. */
  setRanking = (run: string, enabled: boolean): Promise<RankingState> =>
    this.call('PUT', `/api/runs/${encodeURIComponent(run)}/ranking`, { enabled });
  /** Supervisors and admins: learn from the decisions now (applied only when it beats the current order). */
  rankNow = (run: string): Promise<RankingRecord> => this.call('POST', `/api/runs/${encodeURIComponent(run)}/ranking`);
  changes = (run: string, bbox: readonly number[]): Promise<GeoJSON.FeatureCollection> =>
    this.call('GET', `/api/runs/${encodeURIComponent(run)}/changes.geojson?bbox=${bbox.join(',')}`);
}
