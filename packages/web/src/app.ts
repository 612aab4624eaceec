import type { FlagPage, RunInfo, User } from '@payesh/contract';
import { Api, ApiError, type TileJson } from './api.js';
import { directionOf, translator, type Lang } from './i18n.js';
import type { Timings } from './timings.js';
import { flagQuery, formatHash, parseHash, type UrlState } from './url-state.js';
import { h } from './views/dom.js';
import { ReviewScreen } from './views/review-screen.js';
import { renderSignIn } from './views/sign-in.js';

/**
 * The page: sign-in or the review screen, in one language at a time. Switching language re-renders
 * what is shown; it starts nothing again.
 */
export class App {
  private lang: Lang;
  private screen: ReviewScreen | null = null;
  private signInError: 'wrongCredentials' | 'tooManyAttempts' | { reason: string } | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly api: Api,
    private readonly timings: Timings,
    private readonly storage: Storage,
  ) {
    this.lang = parseHash(location.hash).lang ?? (storage.getItem('payesh.lang') as Lang | null) ?? 'en';
  }

  async boot(): Promise<void> {
    this.applyLang();
    const user = await this.api.session();
    if (user) await this.startReview(user);
    else this.showSignIn();
  }

  private t() {
    return translator(this.lang);
  }

  private applyLang(): void {
    document.documentElement.lang = this.lang;
    document.documentElement.dir = directionOf(this.lang);
    document.title = this.t()('appName');
    this.storage.setItem('payesh.lang', this.lang);
  }

  private switchLang(): void {
    this.lang = this.lang === 'fa' ? 'en' : 'fa';
    this.applyLang();
    if (this.screen) {
      this.screen.setLang(this.lang);
      this.writeHash({ ...parseHash(location.hash) });
    } else this.showSignIn();
  }

  private writeHash(url: UrlState): void {
    history.replaceState(null, '', formatHash({ ...url, lang: this.lang }) || location.pathname + location.search);
  }

  private showSignIn(): void {
    const t = this.t();
    const e = this.signInError;
    const message = e === null ? null : typeof e === 'string' ? t(e) : t('signInFailed', { reason: e.reason });
    this.root.replaceChildren(
      renderSignIn(
        t,
        message,
        (username, password) => void this.signIn(username, password),
        () => this.switchLang(),
        this.lang,
      ),
    );
  }

  private async signIn(username: string, password: string): Promise<void> {
    try {
      const user = await this.api.signIn(username, password);
      this.timings.signedInAt = performance.now();
      this.signInError = null;
      await this.startReview(user);
    } catch (e) {
      // The server's words are English: the page says it in its own language.
      const status = e instanceof ApiError ? e.status : 0;
      this.signInError =
        status === 401 ? 'wrongCredentials' : status === 429 ? 'tooManyAttempts' : { reason: (e as Error).message };
      this.showSignIn();
    }
  }

  private async signOut(): Promise<void> {
    await this.api.signOut();
    this.screen?.dispose();
    this.screen = null;
    this.showSignIn();
  }

  private async startReview(user: User): Promise<void> {
    const runs = (await this.api.runs()).runs;
    const url = parseHash(location.hash);
    const runId = url.run && runs.some((r) => r.id === url.run) ? url.run : runs[0]?.id;
    if (!runId)
      return void this.root.replaceChildren(h('main', { class: 'empty-page' }, h('p', {}, this.t()('noFlags'))));
    const decides = user.role === 'inspector' || user.role === 'supervisor';
    // Everything the first screen needs, at once: the run, its layers and the first page of the queue.
    const [run, before, after, change, firstPage] = (await Promise.all([
      this.api.run(runId),
      ...(['before', 'after', 'change'] as const).map((l) => this.api.tileJson(runId, l)),
      this.api.flags(runId, flagQuery(url, decides)),
    ])) as [RunInfo, TileJson, TileJson, TileJson, FlagPage];
    this.screen?.dispose();
    this.screen = new ReviewScreen(this.root, {
      api: this.api,
      user,
      run,
      tiles: { before, after, change },
      firstPage,
      url: { ...url, run: runId },
      lang: this.lang,
      timings: this.timings,
      storage: this.storage,
      onLang: () => this.switchLang(),
      onSignOut: () => void this.signOut(),
      writeHash: (u) => this.writeHash(u),
    });
    await this.screen.start();
  }
}
