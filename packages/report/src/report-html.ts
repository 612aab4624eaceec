import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ReportDates, ReportLang, ReportStatus, Violation } from '@payesh/contract';
import type { ReportFlag, ReportImagery, ReportRun, ReportSummary, Tally } from './report-model.js';
import { flagAreas } from './report-model.js';
import { area, day, esc, iso, ltr, num, numHtml, pct } from './format-values.js';
import { fill, translator } from './report-messages.js';
import { violationColour } from './violation-colours.js';

export interface EvidenceImages {
  readonly before: Uint8Array;
  readonly after: Uint8Array;
  readonly change: Uint8Array;
}

export interface ReportOptions {
  readonly lang: ReportLang;
  readonly status: ReportStatus;
  /** Only these violations (null: all). */
  readonly violation?: readonly Violation[] | null;
  readonly district: string | null;
  readonly generatedOn: string;
  /** CSV only: Solar Hijri date columns beside the ISO ones ('both'). */
  readonly dates?: ReportDates;
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
export function reportDocument(
  lang: ReportLang,
  body: string,
  pageCss = '@page{size:A4;margin:14mm 12mm 16mm}',
): string {
  return `<!doctype html><html lang="${lang}" dir="${lang === 'fa' ? 'rtl' : 'ltr'}"><head><meta charset="utf-8"><style>${fontFace(400)}${fontFace(700)}
${pageCss}
body{font-family:Vazirmatn,sans-serif;font-size:10.5pt;color:#1c2026;margin:0}
h1{font-size:20pt;margin:0 0 4mm}h2{font-size:14pt;margin:5mm 0 2mm;break-after:avoid}h3{font-size:11pt;margin:4mm 0 1.5mm;break-after:avoid}
table{border-collapse:collapse;width:100%}th,td{border-bottom:0.3mm solid #dde1e6;padding:1mm 1.5mm;text-align:start;vertical-align:top}th{color:#69707a;font-weight:400}
.page{break-after:page}.page:last-child{break-after:auto}
.facts{display:grid;grid-template-columns:auto 1fr;gap:1mm 5mm}.facts dt{color:#69707a}.facts dd{margin:0}
.images{display:flex;gap:3mm}.images figure{margin:0;flex:1}.images img{width:100%;border-radius:1mm}.images figcaption{font-size:8.5pt;color:#69707a}
.fingerprint{font-family:monospace;font-size:7.5pt;direction:ltr;unicode-bidi:isolate;text-align:left;word-break:break-all;color:#69707a}
.badge{padding:0 2mm;border-radius:2mm;background:#eef0f3}.confirmed{background:#ffe5e7;color:#b00010}
.map{break-inside:avoid;margin:0}.map img{display:block;width:100%;height:auto;max-height:228mm;object-fit:contain;border-radius:1mm}
.legend{display:flex;flex-wrap:wrap;gap:1mm 5mm;margin:2mm 0 0;padding:0;list-style:none;font-size:9pt}.legend i{display:inline-block;width:3.5mm;height:3.5mm;border-radius:0.6mm;margin-inline-end:1.5mm;vertical-align:-0.5mm;opacity:0.8}
.chart{width:100%;height:auto}
</style></head><body>${body}</body></html>`;
}

/** An image as a data URI (JPEG or PNG, told by its first bytes). */
const dataUri = (bytes: Uint8Array): string =>
  `data:image/${bytes[0] === 0xff && bytes[1] === 0xd8 ? 'jpeg' : 'png'};base64,${Buffer.from(bytes).toString('base64')}`;

/** A horizontal bar chart (SVG) of counts per label. */
function barChart(rows: readonly [string, number][], shown: (v: number) => string): string {
  const max = Math.max(1, ...rows.map((r) => r[1]));
  const h = 9;
  const bars = rows
    .map(
      ([label, v], i) =>
        `<text x="0" y="${i * h + 6.5}" font-size="5">${esc(label)}</text><rect x="60" y="${i * h + 1}" width="${(v / max) * 110}" height="6.5" fill="#d70015"/><text x="${62 + (v / max) * 110}" y="${i * h + 6.5}" font-size="5">${esc(shown(v))}</text>`,
    )
    .join('');
  return `<svg class="chart" viewBox="0 0 190 ${rows.length * h}" direction="ltr">${bars}</svg>`;
}

/** The imagery line in the page's language: bands, sample type, pixel size (metres when known), CRS. */
export function imageryLine(imagery: ReportImagery | null, lang: ReportLang): string {
  if (!imagery) return '—';
  const tr = translator(lang);
  const pixel = fill(tr(imagery.pixelUnit === 'm' ? 'pixelMetres' : 'pixelCrsUnits'), {
    n: numHtml(imagery.pixelSize, lang, 2, 0),
  });
  return fill(tr('imageryLine'), {
    bands: numHtml(imagery.bands, lang),
    dtype: iso(imagery.dtype),
    pixel,
    crs: imagery.epsg ? iso(`EPSG:${imagery.epsg}`) : esc(tr('customCrs')),
  });
}

const comma = (lang: ReportLang): string => (lang === 'fa' ? '، ' : ', ');

/** The selection a report was made for: status, violations, district. */
function selectionLine(options: ReportOptions): string {
  const tr = translator(options.lang);
  const violations = options.violation?.length
    ? options.violation.map((v) => esc(tr(`violation.${v}`))).join(comma(options.lang))
    : esc(tr('violations.all'));
  return `${esc(tr('status'))}: ${esc(tr(`status.${options.status}`))} · ${esc(tr('violations'))}: ${violations}${options.district ? ` · ${esc(tr('district'))}: ${iso(options.district)}` : ''}`;
}

/** The cover: the run, the selection, counts, new built and demolished areas by violation and by district, chart. */
export function coverPage(run: ReportRun, summary: ReportSummary, options: ReportOptions): string {
  const tr = translator(options.lang);
  const L = options.lang;
  const table = (title: string, rows: ReadonlyMap<string, Tally>, label: (k: string) => string) =>
    `<h2>${esc(title)}</h2><table><tr><th></th><th>${tr('count')}</th><th>${tr('newBuiltColumn')}</th><th>${tr('demolishedColumn')}</th></tr>${[
      ...rows,
    ]
      .map(
        ([k, v]) =>
          `<tr><td>${label(k)}</td><td>${num(v.count, L)}</td><td>${num(v.areaM2, L)}</td><td>${num(v.demolishedM2, L)}</td></tr>`,
      )
      .join('')}</table>`;
  const empty = summary.total.count === 0 ? `<p><strong>${tr('empty')}</strong></p>` : '';
  const method = run.method
    ? fill(tr('methodLine'), { method: esc(tr(`method.${run.method}`)), version: ltr(esc(run.version ?? '—')) })
    : '—';
  const total = fill(tr('totalLine'), {
    n: numHtml(summary.total.count, L),
    built: area(summary.total.areaM2, L),
    demolished: area(summary.total.demolishedM2, L),
  });
  return `<section class="page"><h1>${tr('title')}</h1>
<dl class="facts"><dt>${tr('run')}</dt><dd>${iso(run.id)}</dd>
<dt>${tr('beforeImage')}</dt><dd>${day(run.beforeOn, L)}</dd><dt>${tr('afterImage')}</dt><dd>${day(run.afterOn, L)}</dd>
<dt>${tr('imagery')}</dt><dd>${imageryLine(run.imagery, L)}</dd><dt>${tr('method')}</dt><dd>${method}</dd>
<dt>${tr('generated')}</dt><dd>${day(options.generatedOn, L)}</dd>
<dt>${tr('selection')}</dt><dd>${selectionLine(options)}</dd>
<dt>${tr('total')}</dt><dd>${total}</dd></dl>${empty}
${
  summary.total.count
    ? table(tr('byViolation'), summary.byViolation, (k) => esc(tr(`violation.${k}`))) +
      barChart(
        [...summary.byViolation].map(([k, v]) => [tr(`violation.${k}`), v.count]),
        (v) => num(v, L),
      ) +
      table(tr('byDistrict'), summary.byDistrict, iso)
    : ''
}</section>`;
}

/** The overview map on a page of its own: the heading kept with the map, and a legend of the violations drawn. */
export function overviewPage(summary: ReportSummary, lang: ReportLang, mapImage: Uint8Array): string {
  const tr = translator(lang);
  const legend = [...summary.byViolation.keys()]
    .map((v) => `<li><i style="background:${violationColour(v)}"></i>${esc(tr(`violation.${v}`))}</li>`)
    .join('');
  return `<section class="page"><figure class="map"><h2>${tr('overview')}</h2><img src="${dataUri(mapImage)}"><ul class="legend">${legend}</ul></figure></section>`;
}

/** One page per flag: images with dates and the outline, permits, areas, confidence, decision, fingerprint. */
export function flagPage(
  flag: ReportFlag,
  run: ReportRun,
  images: EvidenceImages,
  fingerprint: string,
  lang: ReportLang,
): string {
  const tr = translator(lang);
  const permits = flag.permits.length
    ? `<table><tr><th>${tr('permitNumber')}</th><th>${tr('issued')}</th><th>${tr('expires')}</th><th>${tr('status')}</th><th>${tr('permittedArea')}</th><th>${tr('floors')}</th></tr>${flag.permits
        .map(
          (p) =>
            `<tr><td>${iso(p.permit_id)}</td><td>${day(p.issued_on, lang)}</td><td>${day(p.expires_on, lang)}</td><td>${esc(tr(`permitStatus.${p.status}`))}</td><td>${area(p.permitted_area_m2, lang)}</td><td>${p.floors === null ? '—' : num(p.floors, lang)}</td></tr>`,
        )
        .join('')}</table>`
    : `<p>${tr('noPermits')}</p>`;
  const d = flag.decision;
  const decision = d
    ? `<p><span class="badge ${esc(d.outcome)}">${esc(tr(`status.${d.outcome}`))}</span> ${tr('by')} ${iso(d.username)}${comma(lang)}${day(d.decidedAt, lang)}${d.legalCategory ? ` · ${tr('legalCategory')}: ${numHtml(d.legalCategory, lang)} ${esc(tr(`category.${d.legalCategory}`))}` : ''}${d.note ? `<br>${tr('note')}: ${iso(d.note)}` : ''}</p>`
    : `<p>${tr('noDecision')}</p>`;
  const fig = (bytes: Uint8Array, label: string, date: string | null) =>
    `<figure><img src="${dataUri(bytes)}"><figcaption>${label}${date ? ` · ${day(date, lang)}` : ''}</figcaption></figure>`;
  const { demolishedM2 } = flagAreas(flag);
  const areaFacts =
    flag.violation === 'demolition'
      ? `<dt>${tr('demolishedArea')}</dt><dd>${area(demolishedM2, lang)}</dd>`
      : `<dt>${tr('detectedArea')}</dt><dd>${area(flag.newBuiltM2, lang)}</dd><dt>${tr('permittedArea')}</dt><dd>${area(flag.permittedAreaM2, lang)}</dd>`;
  return `<section class="page"><h2>${iso(flag.parcelId ?? flag.flagKey)} · ${esc(tr(`violation.${flag.violation}`))}</h2>
<div class="images">${fig(images.before, tr('before'), run.beforeOn)}${fig(images.after, tr('after'), run.afterOn)}${fig(images.change, tr('change'), null)}</div>
<dl class="facts"><dt>${tr('district')}</dt><dd>${iso(flag.district ?? '—')}</dd><dt>${tr('address')}</dt><dd>${iso(flag.address ?? '—')}</dd>
${areaFacts}<dt>${tr('confidence')}</dt><dd>${ltr(pct(flag.confidence, lang))}</dd></dl>
<h3>${tr('permits')}</h3>${permits}<h3>${tr('decision')}</h3>${decision}
<h3>${tr('fingerprint')}</h3><p class="fingerprint">${fingerprint}</p></section>`;
}

/**
 * Pages that hold only "page N of M" at the foot, one per page of the joined report, to be laid over it
 * (the report is printed in parts, so no part knows N and M). Each page is exactly one A4 page.
 */
export function pageNumberDocument(pages: number, lang: ReportLang): string {
  const tr = translator(lang);
  const m = numHtml(pages, lang);
  const body = Array.from(
    { length: pages },
    (_, i) => `<div class="n"><span>${fill(tr('pageOf'), { n: numHtml(i + 1, lang), m })}</span></div>`,
  ).join('');
  return reportDocument(
    lang,
    body,
    '@page{size:A4;margin:0}html,body{background:transparent}.n{position:relative;height:297mm;overflow:hidden;break-after:page}.n:last-child{break-after:auto}.n span{position:absolute;bottom:7mm;left:0;right:0;text-align:center;font-size:8.5pt;color:#69707a}',
  );
}
