/** Latencies (ms) and answers by kind of request, shared by every simulated user of one soak. */
export class Tally {
  readonly ms = new Map<string, number[]>();
  readonly statuses = new Map<string, Map<number, number>>();

  record(kind: string, ms: number, status: number): void {
    if (!this.ms.has(kind)) this.ms.set(kind, []);
    this.ms.get(kind)!.push(ms);
    const byStatus = this.statuses.get(kind) ?? new Map<number, number>();
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    this.statuses.set(kind, byStatus);
  }
}

/** A browser-like HTTP client: the session cookie, the CSRF token on writes, every request timed. */
export class SoakClient {
  private cookie = '';
  private csrf = '';
  constructor(
    readonly base: string,
    private readonly tally: Tally,
  ) {}

  async signIn(username: string, password: string): Promise<void> {
    const res = await this.request('sign-in', 'POST', '/api/session', { username, password });
    if (res.status !== 200) throw new Error(`sign-in of ${username} answered ${res.status}: ${await res.text()}`);
    this.cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    this.csrf = ((await res.json()) as { csrf: string }).csrf;
  }

  /** Records a time measured outside one request (e.g. a whole report job). */
  note(kind: string, ms: number): void {
    this.tally.record(kind, ms, 200);
  }

  get(kind: string, path: string): Promise<Response> {
    return this.request(kind, 'GET', path);
  }

  post(kind: string, path: string, body: unknown = {}): Promise<Response> {
    return this.request(kind, 'POST', path, body);
  }

  private async request(kind: string, method: string, path: string, body?: unknown): Promise<Response> {
    const started = performance.now();
    const headers: Record<string, string> = { cookie: this.cookie };
    if (method !== 'GET') Object.assign(headers, { 'content-type': 'application/json', 'x-csrf-token': this.csrf });
    const url = path.startsWith('http') ? path : `${this.base}${path}`;
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    // The time to the whole answer, as a browser would wait for it.
    const bytes = await res.arrayBuffer();
    this.tally.record(kind, performance.now() - started, res.status);
    return new Response(res.status === 204 || res.status === 304 ? null : bytes, {
      status: res.status,
      headers: res.headers,
    });
  }
}
