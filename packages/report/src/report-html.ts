import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ReportFlag, ReportLang, ReportRun, ReportSummary } from './report-model.js';
import { day, esc, num, pct } from './report-format.js';
import { reportMessages, type ReportKey } from './report-messages.js';

export interface EvidenceImages {
  readonly before: Uint8Array;
  readonly after: Uint8Array;
  readonly change: Uint8Array;
}

export interface ReportOptions {
  readonly lang: ReportLang;
  readonly status: string;
  readonly district: string | null;
  readonly generatedOn: string;
}

const require = createRequire(import.meta.url);
const fontFace = (weight: number): string =>
  ['arabic', 'latin']
    .map((subset) => {
      const file = require.resolve(`@fontsource/vazirmatn/files/vazirmatn-${subset}-${weight}-normal.woff2`);
      return `@font-face{font-family:Vazirmatn;font-weight:${weight};src:url(data:font/woff2;base64,${readFileSync(file).toString('base64')}) format('woff2')}`;
    })
    .join('');

/** The page frame: the embedded font (Vazirmatn, shaping and joining by Chromium), A4, the language's direction. */
export function reportDocument(lang: ReportLang, body: string): string {
  return `<!doctype html><html lang="${lang}" dir="${lang === 'fa' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><style>${fontFace(400)}${fontFace(700)}
@page{size:A4;margin:14mm 12mm}
body{font-family:Vazirmatn,sans-serif;font-size:10.5pt;color:#1c2026;margin:0}
h1{font-size:20pt;margin:0 0 4mm}h2{font-size:14pt;margin:5mm 0 2mm}h3{font-size:11pt;margin:4mm 0 1.5mm}
table{border-collapse:collapse;width:100%}th,td{border-bottom:0.3mm solid #dde1e6;padding:1mm 1.5mm;text-align:start;vertical-align:top}th{color:#69707a;font-weight:400}
.page{break-after:page}.page:last-child{break-after:auto}
.facts{display:grid;grid-template-columns:auto 1fr;gap:1mm 5mm}.facts dt{color:#69707a}.facts dd{margin:0}
.images{display:flex;gap:3mm}.images figure{margin:0;flex:1}.images img{width:100%;border-radius:1mm}.images figcaption{font-size:8.5pt;color:#69707a}
.fingerprint{font-family:monospace;font-size:7.5pt;direction:ltr;unicode-bidi:embed;word-break:break-all;color:#69707a}
.ltr{direction:ltr;unicode-bidi:embed}.badge{padding:0 2mm;border-radius:2mm;background:#eef0f3}.confirmed{background:#ffe5e7;color:#b00010}
.overview{max-width:100%;max-height:85mm;display:block;margin:0 auto;border-radius:1mm}.chart{width:100%;height:auto}
</style></head><body>${body}</body></html>`;
}

const t = (lang: ReportLang) => {
  const m = reportMessages(lang);
  return (key: ReportKey | string): string => (m as Record<string, string>)[key] ?? key;
};
/** An image as a data URI (JPEG or PNG, told by its first bytes). */
const png = (bytes: Uint8Array): string => `data:image/${bytes[0] === 0xff && bytes[1] === 0xd8 ? 'jpeg' : 'png'};base64,${Buffer.from(bytes).toString('base64')}`;

/** A horizontal bar chart (SVG) of counts per label. */
function barChart(rows: readonly [string, number][], shown: (v: number) => string): string {
  const max = Math.max(1, ...rows.map((r) => r[1]));
  const h = 9;
  const bars = rows.map(([label, v], i) => `<text x="0" y="${i * h + 6.5}" font-size="5">${esc(label)}</text><rect x="60" y="${i * h + 1}" width="${(v / max) * 110}" height="6.5" fill="#d70015"/><text x="${62 + (v / max) * 110}" y="${i * h + 6.5}" font-size="5">${esc(shown(v))}</text>`).join('');
  return `<svg class="chart" viewBox="0 0 190 ${rows.length * h}" direction="ltr">${bars}</svg>`;
}

/** The cover: the run, the selection, counts and areas by violation and by district, chart and overview. */
export function coverPage(run: ReportRun, summary: ReportSummary, options: ReportOptions, overviewPng: Uint8Array | null): string {
  const tr = t(options.lang);
  const L = options.lang;
  const table = (title: string, rows: ReadonlyMap<string, { count: number; areaM2: number }>, label: (k: string) => string) =>
    `<h2>${esc(title)}</h2><table><tr><th></th><th>${tr('count')}</th><th>${tr('area')}</th></tr>${[...rows].map(([k, v]) => `<tr><td>${esc(label(k))}</td><td>${num(v.count, L)}</td><td>${num(v.areaM2, L)}</td></tr>`).join('')}</table>`;
  const empty = summary.total.count === 0 ? `<p><strong>${tr('empty')}</strong></p>` : '';
  return `<section class="page"><h1>${tr('title')}</h1>
<dl class="facts"><dt>${tr('run')}</dt><dd class="ltr">${esc(run.id)}</dd>
<dt>${tr('beforeImage')}</dt><dd>${day(run.beforeOn, L)}</dd><dt>${tr('afterImage')}</dt><dd>${day(run.afterOn, L)}</dd>
<dt>${tr('sensor')}</dt><dd class="ltr">${esc(run.sensor ?? '—')}</dd><dt>${tr('method')}</dt><dd class="ltr">${esc(`${run.method ?? '—'} (Payesh ${run.version ?? ''})`)}</dd>
<dt>${tr('generated')}</dt><dd>${day(options.generatedOn, L)}</dd>
<dt>${tr('selection')}</dt><dd>${tr('status')}: ${esc(tr(`status.${options.status}`))}${options.district ? ` · ${tr('district')}: ${esc(options.district)}` : ''}</dd>
<dt>${tr('total')}</dt><dd>${num(summary.total.count, L)} · ${num(summary.total.areaM2, L)} m²</dd></dl>${empty}
${summary.total.count ? table(tr('byViolation'), summary.byViolation, (k) => tr(`violation.${k}`)) + barChart([...summary.byViolation].map(([k, v]) => [tr(`violation.${k}`), v.count]), (v) => num(v, L)) + table(tr('byDistrict'), summary.byDistrict, (k) => k) : ''}
${overviewPng ? `<h2>${tr('overview')}</h2><img class="overview" src="${png(overviewPng)}">` : ''}</section>`;
}

/** One page per flag: images with dates and the outline, permits, areas, confidence, decision, fingerprint. */
export function flagPage(flag: ReportFlag, run: ReportRun, images: EvidenceImages, fingerprint: string, lang: ReportLang): string {
  const tr = t(lang);
  const area = (v: number | null) => (v === null ? '—' : `${num(v, lang)} m²`);
  const permits = flag.permits.length
    ? `<table><tr><th>${tr('permitNumber')}</th><th>${tr('issued')}</th><th>${tr('expires')}</th><th>${tr('status')}</th><th>${tr('permitted')}</th><th>${tr('floors')}</th></tr>${flag.permits
        .map((p) => `<tr><td class="ltr">${esc(p.permit_id)}</td><td>${day(p.issued_on, lang)}</td><td>${day(p.expires_on, lang)}</td><td>${tr(`permitStatus.${p.status}`)}</td><td>${area(p.permitted_area_m2)}</td><td>${p.floors === null ? '—' : num(p.floors, lang)}</td></tr>`)
        .join('')}</table>`
    : `<p>${tr('noPermits')}</p>`;
  const d = flag.decision;
  const decision = d
    ? `<p><span class="badge ${esc(d.outcome)}">${tr(`status.${d.outcome}`)}</span> ${tr('by')} <span class="ltr">${esc(d.username)}</span>, ${day(d.decidedAt, lang)}${d.legalCategory ? ` · ${tr('category')}: ${num(d.legalCategory, lang)} ${tr(`category.${d.legalCategory}`)}` : ''}${d.note ? `<br>${tr('note')}: ${esc(d.note)}` : ''}</p>`
    : `<p>${tr('noDecision')}</p>`;
  const fig = (bytes: Uint8Array, label: string, date: string | null) => `<figure><img src="${png(bytes)}"><figcaption>${label}${date ? ` · ${day(date, lang)}` : ''}</figcaption></figure>`;
  return `<section class="page"><h2><span class="ltr">${esc(flag.parcelId ?? flag.flagKey)}</span> · ${tr(`violation.${flag.violation}`)}</h2>
<div class="images">${fig(images.before, tr('before'), run.beforeOn)}${fig(images.after, tr('after'), run.afterOn)}${fig(images.change, tr('change'), null)}</div>
<dl class="facts"><dt>${tr('district')}</dt><dd>${esc(flag.district ?? '—')}</dd><dt>${tr('address')}</dt><dd>${esc(flag.address ?? '—')}</dd>
<dt>${tr('detected')}</dt><dd>${area(flag.newBuiltM2)}</dd><dt>${tr('permitted')}</dt><dd>${area(flag.permittedAreaM2)}</dd><dt>${tr('confidence')}</dt><dd>${pct(flag.confidence, lang)}</dd></dl>
<h3>${tr('permits')}</h3>${permits}<h3>${tr('decision')}</h3>${decision}
<h3>${tr('fingerprint')}</h3><p class="fingerprint">${fingerprint}</p></section>`;
}
