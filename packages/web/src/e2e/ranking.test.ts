import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FlagCategory, FlagSummary, RankingState } from '@payesh/contract';
import { listFlags } from '@payesh/store';
import { signedInClient } from '@payesh/server/testing';
import { artifacts, chromium, signIn, startE2e, type E2e } from './e2e-helpers.js';

// A city of 1024 x 1024 px: 42 pending flags.
let e2e: E2e;
beforeAll(async () => {
  if (chromium.missing.length === 0) e2e = await startE2e();
}, 240_000);
afterAll(() => e2e?.close());

const QUEUE = { category: ['violation', 'candidate'] as FlagCategory[] };
/** Flags left pending for the ranking to order. */
const LEFT = 10;

/**
 * An inspector decides all but LEFT of the queue through the API, by a pattern the original order (by
 * confidence) gets mostly backwards and that rests on several columns, so that the ranking beats that
 * order (and is applied) and has three reasons to give: the less confident flags, those of one district
 * and those without any permit are confirmed, the rest dismissed.
 */
async function decideMost(): Promise<number> {
  const reza = await signedInClient(e2e.server.base, 'reza');
  const pending = (await listFlags(e2e.server.store, 'khoy', { ...QUEUE, status: ['pending'], pageSize: 500 })).items;
  const byConfidence = [...pending].sort((a, b) => a.confidence - b.confidence || a.id - b.id);
  const district = byConfidence[0]!.district;
  const score = (f: FlagSummary, i: number) =>
    1 - i / byConfidence.length + (f.district === district ? 0.6 : 0) + (f.violation === 'no-permit' ? 0.4 : 0);
  const scored = byConfidence.map((f, i) => ({ f, s: score(f, i) }));
  const decided = scored.slice(0, -LEFT);
  const cut = [...decided].sort((a, b) => b.s - a.s)[Math.floor(decided.length / 2)]!.s;
  for (const { f, s } of decided) {
    expect((await reza.post(`/api/runs/khoy/flags/${f.id}/lock`)).status).toBe(200);
    const res = await reza.post(`/api/runs/khoy/flags/${f.id}/decisions`, {
      outcome: s > cut ? 'confirmed' : 'dismissed',
    });
    expect(res.status, await res.clone().text()).toBe(200);
  }
  return decided.length;
}

const rankingShown = (page: Page) =>
  page.evaluate(() => ({
    card: document.querySelectorAll('.card .ranking').length,
    reasons: [...document.querySelectorAll('.card .ranking .reasons li')].map((li) => ({
      direction: li.className,
      text: li.textContent,
    })),
    probability: document.querySelector('.card .ranking strong')?.textContent ?? null,
    rows: [...document.querySelectorAll<HTMLElement>('li.flag')].map((li) => li.dataset.probability ?? null),
  }));

describe.skipIf(chromium.skip)(`learned ranking in the review UI, in Chromium${chromium.note}`, () => {
  beforeEach(() => chromium.assert());

  it('a supervisor ranks the run: the card shows the chance and three reasons, the queue its order; off hides them', async () => {
    const decided = await decideMost();
    const sara = await signIn(e2e, 'sara');
    expect(await sara.locator('.ranking-button').count()).toBe(0); // inspectors do not switch it
    expect((await rankingShown(sara)).card).toBe(0); // nothing ranked: no empty box
    await sara.close();
    const pia = await signIn(e2e, 'pia');
    expect(await pia.locator('.ranking-button').count()).toBe(0); // nor planners
    await pia.close();

    const boss = await signIn(e2e, 'boss');
    await boss.click('.ranking-button');
    const panel = boss.locator('.ranking-panel');
    await boss.waitForSelector('.ranking-panel[data-busy=false]:not([data-state=loading])');
    expect(['on', 'off']).toContain(await panel.getAttribute('data-state')); // a new run's ranking is on (the server's default)
    expect(await panel.textContent()).toContain(`${decided} decisions so far`);
    await panel.locator('input[name=ranking]').check();
    await boss.waitForSelector('.ranking-panel[data-state=on][data-busy=false]');
    await panel.locator('button.rank-now').click();
    await boss.waitForSelector('.ranking-panel[data-busy=true]', { timeout: 5000 }).catch(() => undefined);
    await boss.waitForSelector('.ranking-panel[data-busy=false] .summary li', { timeout: 60_000 });
    const summary = await panel.locator('.summary').textContent();
    // Every pending flag of the queue is ranked (not demolitions: information, never queued).
    const pendingAll = (
      await listFlags(e2e.server.store, 'khoy', { status: ['pending'], category: ['violation', 'candidate'] })
    ).total;
    expect(summary).toContain(`Applied: ${pendingAll} pending flags ranked.`);
    expect(summary).toMatch(/Average precision \d\.\d\d \(original order \d\.\d\d\)/);
    expect(summary).toContain(`Learned from ${decided} decisions`);
    expect(summary).toContain('0 decisions since');
    const state = (await (
      await (await signedInClient(e2e.server.base, 'boss')).get('/api/runs/khoy/ranking')
    ).json()) as RankingState;
    expect(state.enabled).toBe(true);
    expect(state.latest?.applied).toBe(true);

    // The queue was loaded again: the card of a pending flag with its chance and three reasons.
    await boss.waitForFunction(() => document.querySelectorAll('.card .ranking .reasons li').length === 3);
    let shown = await rankingShown(boss);
    expect(shown.probability).toMatch(/^[<>]?\d{1,3}%$/);
    expect(shown.reasons).toHaveLength(3);
    for (const r of shown.reasons) {
      expect(['raises', 'lowers', 'neutral']).toContain(r.direction);
      expect(r.text).toMatch(/^[▲▼•] \S/);
      expect(r.text).not.toMatch(/rank\.column|score_|_m2|_share/); // words, not column names
    }
    // Every pending flag has its chance, in the queue's order (highest first).
    const chances = shown.rows.map(Number);
    expect(shown.rows).toHaveLength(LEFT);
    expect(shown.rows.every((p) => p !== null)).toBe(true);
    expect([...chances].sort((a, b) => b - a)).toEqual(chances);
    await boss.screenshot({ path: join(artifacts, 'ranking-en.png') });

    // In Persian: Persian digits and the Persian words of the reasons.
    await boss.click('header button.lang');
    await boss.waitForFunction(
      () => document.documentElement.lang === 'fa' && !!document.querySelector('.card .ranking'),
    );
    shown = await rankingShown(boss);
    expect(shown.probability).toMatch(/^(\u2066[<>])?[۰-۹]{1,3}٪\u2069?$/);
    for (const r of shown.reasons) expect(r.text).toMatch(/[\u0600-\u06ff]/);
    await boss.screenshot({ path: join(artifacts, 'ranking-fa.png') });
    await boss.click('header button.lang');
    await boss.waitForFunction(() => document.documentElement.lang === 'en');

    // An inspector sees the same chance on the card (read from the server).
    const sara2 = await signIn(e2e, 'sara');
    await sara2.waitForSelector('.card .ranking .reasons li');
    expect((await rankingShown(sara2)).rows.every((p) => p !== null)).toBe(true);
    await sara2.close();

    // Off: the card and the queue show no chance, and no empty box.
    if (!(await boss.locator('.ranking-panel').count())) await boss.click('.ranking-button');
    await boss.locator('.ranking-panel input[name=ranking]').uncheck();
    await boss.waitForSelector('.ranking-panel[data-state=off][data-busy=false]');
    await boss.waitForFunction(
      () => !document.querySelector('.card .ranking') && !document.querySelector('li.flag[data-probability]'),
    );
    await boss.waitForSelector('.card[data-flag]');
    shown = await rankingShown(boss);
    expect(shown.card).toBe(0);
    expect(shown.rows.every((p) => p === null)).toBe(true);
    await boss.close();
  });

  it('shows the server refusing a ranking as it shows other API errors', async () => {
    const boss = await signIn(e2e, 'boss');
    await boss.route('**/api/runs/khoy/ranking', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 409,
            contentType: 'application/json',
            body: JSON.stringify({ error: 'busy ranking' }),
          })
        : route.continue(),
    );
    await boss.click('.ranking-button');
    await boss.waitForSelector('.ranking-panel[data-busy=false]:not([data-state=loading])');
    await boss.click('.ranking-panel button.rank-now');
    await boss.waitForSelector('.toast.error');
    expect(await boss.textContent('.toast')).toBe('Error: busy ranking');
    await boss.close();
  });
});
