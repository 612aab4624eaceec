import { describe, expect, it } from 'vitest';
import type { RankingRecord } from '@payesh/contract';
import { translator } from './i18n.js';
import { en } from './messages/en.js';
import { fa } from './messages/fa.js';
import {
  describeReason,
  formatProbability,
  RANK_LABELLED_COLUMNS,
  rankingSummary,
  reasonDirection,
  reasonLabel,
} from './rank-format.js';

const FSI = '\u2068';
const PDI = '\u2069';

describe('learned ranking on screen', () => {
  it('writes the probability as a whole percentage in the language digits, never rounding to a certainty', () => {
    expect(formatProbability(0.81, 'en')).toBe('81%');
    expect(formatProbability(0.81, 'fa')).toBe('۸۱٪');
    expect(formatProbability(0, 'en')).toBe('0%');
    expect(formatProbability(1, 'fa')).toBe('۱۰۰٪');
    expect(formatProbability(0.004, 'en')).toBe('<1%');
    expect(formatProbability(0.996, 'en')).toBe('>99%');
    expect(formatProbability(0.996, 'fa')).toBe('\u2066>۹۹٪\u2069'); // left to right inside Persian text
    expect(formatProbability(0.001, 'fa')).toBe('\u2066<۱٪\u2069');
  });

  it('labels every column of the ranker in both languages, each differently', () => {
    for (const lang of ['en', 'fa'] as const) {
      const t = translator(lang);
      const labels = RANK_LABELLED_COLUMNS.map((c) => reasonLabel(c, t));
      expect(new Set(labels).size, lang).toBe(labels.length);
      for (const l of labels) expect(l, lang).not.toMatch(/rank\.column|_/);
    }
    expect(reasonLabel('area_m2', translator('en'))).toBe('Changed area');
    expect(reasonLabel('district', translator('fa'))).toBe('نرخ تأیید در منطقه');
    // Every column has its message in both catalogues.
    for (const c of RANK_LABELLED_COLUMNS) {
      expect(en).toHaveProperty(`rank.column.${c}`);
      expect(fa).toHaveProperty(`rank.column.${c}`);
    }
  });

  it('names a violation column with the violation label, and shows an unknown column as it is', () => {
    expect(reasonLabel('violation:no-permit', translator('en'))).toBe('Violation: No permit');
    expect(reasonLabel('violation:exceeds-permit', translator('fa'))).toBe('تخلف: مازاد بر پروانه');
    expect(reasonLabel('violation:new-kind', translator('en'))).toBe(`Violation: ${FSI}new-kind${PDI}`);
    expect(reasonLabel('roof_colour', translator('fa'))).toBe(`${FSI}roof_colour${PDI}`);
  });

  it('tells whether a reason raised or lowered the probability', () => {
    expect(reasonDirection(0.7)).toBe('raises');
    expect(reasonDirection(-0.2)).toBe('lowers');
    expect(reasonDirection(0)).toBe('neutral');
    expect(describeReason({ column: 'score_max', effect: 1.2 }, translator('en'))).toEqual({
      direction: 'raises',
      arrow: '▲',
      label: 'Highest change score',
      title: 'raised the chance',
    });
    expect(describeReason({ column: 'outside_share', effect: -0.4 }, translator('fa'))).toMatchObject({
      direction: 'lowers',
      arrow: '▼',
      title: 'احتمال را پایین آورد',
    });
  });

  it('sums up a ranking: when, applied or why not, its precision against the original order, decisions since', () => {
    const record: RankingRecord = {
      id: 3,
      runId: 'khoy',
      at: '2026-11-30T08:30:00Z',
      source: 'user',
      by: 'boss',
      modelVersion: '0123456789abcdef',
      applied: true,
      reason: null,
      fromRuns: ['khoy'],
      decided: 30,
      confirmed: 12,
      folds: 5,
      averagePrecision: 0.8123,
      baselineAveragePrecision: 0.5,
      ranked: 1234,
      fitMs: 40,
      storeMs: 3,
    };
    const lines = rankingSummary(record, 7, translator('en'), 'en');
    expect(lines[0]).toMatch(/^Latest ranking: .*30\/11\/2026.* by \u2068boss\u2069$/);
    expect(lines.slice(1)).toEqual([
      'Applied: 1,234 pending flags ranked.',
      'Average precision 0.81 (original order 0.50)',
      'Learned from 30 decisions (12 confirmed)',
      '7 decisions since',
    ]);
    const notApplied = {
      ...record,
      applied: false,
      reason: 'did not beat the current order',
      source: 'server' as const,
      by: null,
    };
    const fa = rankingSummary({ ...notApplied, averagePrecision: null }, 0, translator('fa'), 'fa');
    expect(fa[0]).toContain('کارساز');
    expect(rankingSummary({ ...notApplied, source: 'cli' }, 0, translator('en'), 'en')[0]).toMatch(
      /by \u2068payesh rank\u2069$/,
    );
    expect(fa.slice(1)).toEqual([
      'اعمال نشد: did not beat the current order',
      'میانگین دقت — (ترتیب اصلی ۰٫۵۰)',
      'آموخته از ۳۰ تصمیم (۱۲ تأیید)',
      '۰ تصمیم از آن پس',
    ]);
  });
});
