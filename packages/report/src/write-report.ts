import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { once } from 'node:events';
import { csvTable, DataError, InputError } from '@payesh/core';
import { reportCsvColumns, type ReportFormat } from '@payesh/contract';
import { launchChromium } from './chromium.js';
import { joinPdfs, pdfPageCount } from './join-pdfs.js';
import { SummaryBuilder, type ReportFlag, type ReportRun } from './report-model.js';
import {
  coverPage,
  flagPage,
  overviewPage,
  pageNumberDocument,
  reportDocument,
  type EvidenceImages,
  type ReportOptions,
} from './report-html.js';
import { csvHeader, csvValues } from './report-csv.js';

/** Where a report's flags come from, page by page (the store), and their evidence images (the tiler). */
export interface ReportSource {
  readonly run: ReportRun;
  pages(): AsyncIterable<readonly ReportFlag[]>;
  images(flag: ReportFlag): Promise<EvidenceImages>;
  /** The flagged parcels filled in their violation's colour over the imagery (null: no map). */
  overview(flags: readonly ReportFlag[]): Promise<Uint8Array | null>;
}

const feature = (f: ReportFlag) => ({
  type: 'Feature',
  id: f.flagKey,
  geometry: f.geometry,
  properties: {
    flag_id: f.flagKey,
    rank: f.rank,
    parcel_id: f.parcelId,
    violation: f.violation,
    category: f.category,
    status: f.status,
    confidence: f.confidence,
    new_built_m2: f.newBuiltM2,
    removed_m2: f.removedM2,
    permitted_area_m2: f.permittedAreaM2,
    district: f.district,
    address: f.address,
    permits: f.permits,
    decision: f.decision,
    bbox: f.bbox,
  },
});

/** SHA-256 over the flag's facts and its three evidence images: printed on its page, checkable against the run later. */
export function evidenceFingerprint(flag: ReportFlag, images: EvidenceImages): string {
  const facts = {
    flag: flag.flagKey,
    parcel: flag.parcelId,
    violation: flag.violation,
    new_built_m2: flag.newBuiltM2,
    permitted_area_m2: flag.permittedAreaM2,
    confidence: flag.confidence,
    permits: flag.permits,
    decision: flag.decision,
  };
  return createHash('sha256')
    .update(JSON.stringify(facts))
    .update(images.before)
    .update(images.after)
    .update(images.change)
    .digest('hex');
}

/** PDF pages are printed this many flags at a time, so memory stays bounded by a batch. */
const PDF_BATCH = 40;

/**
 * Writes the report to `out` (a temporary file beside it, renamed when complete: never half-written).
 * CSV and GeoJSON stream page by page; the PDF is printed by Chromium in batches to part files, joined
 * at the end with "page N of M" laid over every page (see joinPdfs). `signal` stops it between flags.
 */
export async function writeReport(
  source: ReportSource,
  format: ReportFormat,
  options: ReportOptions,
  out: string,
  onProgress: (done: number) => void = () => undefined,
  signal?: AbortSignal,
): Promise<{ flags: number }> {
  const temp = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  try {
    const count =
      format === 'pdf'
        ? await writePdf(source, options, temp, onProgress, signal)
        : await writeText(source, format, options, temp, onProgress, signal);
    await rename(temp, out);
    return { flags: count };
  } catch (error) {
    await rm(temp, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !(error instanceof InputError))
      throw new InputError(`cannot write the report: ${(error as Error).message}`, { file: out });
    throw error;
  }
}

async function writeText(
  source: ReportSource,
  format: 'csv' | 'geojson',
  options: ReportOptions,
  path: string,
  onProgress: (done: number) => void,
  signal?: AbortSignal,
): Promise<number> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const write = async (text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  const dates = options.dates ?? 'iso';
  const columns = reportCsvColumns(dates);
  let n = 0;
  try {
    await write(
      format === 'csv'
        ? csvTable(columns, [], csvHeader(options.lang, dates))
        : '{"type":"FeatureCollection","features":[',
    );
    for await (const page of source.pages()) {
      signal?.throwIfAborted();
      if (format === 'csv') {
        await write(
          csvTable(
            columns,
            page.map((f) => csvValues(f, options.lang)),
            null,
          ),
        );
        n += page.length;
      } else for (const f of page) await write(`${n++ ? ',' : ''}\n${JSON.stringify(feature(f))}`);
      onProgress(n);
    }
    await write(format === 'csv' ? '' : '\n]}\n');
  } finally {
    stream.end();
    await once(stream, 'close');
  }
  return n;
}

async function writePdf(
  source: ReportSource,
  options: ReportOptions,
  path: string,
  onProgress: (done: number) => void,
  signal?: AbortSignal,
): Promise<number> {
  // First pass: the cover's counts and the overview (flags only, no images).
  const summary = new SummaryBuilder();
  const outlines: ReportFlag[] = [];
  for await (const page of source.pages()) {
    signal?.throwIfAborted();
    summary.add(page);
    outlines.push(...page.slice(0, Math.max(0, 5000 - outlines.length)));
  }
  const totals = summary.summary();
  // Each printed part (the cover, the map, then batches of parcel pages) goes to its own file; joined at the end.
  const partsDir = await mkdtemp(join(dirname(path), `.${basename(path)}.parts-`));
  const parts: string[] = [];
  let done = 0;
  try {
    const browser = await launchChromium();
    let footers: string;
    try {
      const tab = await browser.newPage();
      const print = async (html: string, name = String(parts.length).padStart(6, '0')): Promise<string> => {
        await tab.setContent(html, { waitUntil: 'load' });
        const file = join(partsDir, `${name}.pdf`);
        await tab.pdf({ path: file, format: 'A4', printBackground: true, preferCSSPageSize: true });
        return file;
      };
      const printPart = async (body: string) => void parts.push(await print(reportDocument(options.lang, body)));
      await printPart(coverPage(source.run, totals, options));
      const map = outlines.length ? await source.overview(outlines) : null;
      if (map) await printPart(overviewPage(totals, options.lang, map));
      let batch: string[] = [];
      const flush = async () => {
        if (batch.length) await printPart(batch.join(''));
        batch = [];
      };
      for await (const page of source.pages()) {
        for (const flag of page) {
          signal?.throwIfAborted();
          const images = await source.images(flag);
          batch.push(flagPage(flag, source.run, images, evidenceFingerprint(flag, images), options.lang));
          if (batch.length >= PDF_BATCH) await flush();
          onProgress(++done);
        }
      }
      await flush();
      // Page numbers: only now is the whole report's length known; printed apart and laid over it.
      let pages = 0;
      for (const part of parts) pages += await pdfPageCount(part);
      footers = await print(pageNumberDocument(pages, options.lang), 'page-numbers');
      const numbered = await pdfPageCount(footers);
      if (numbered !== pages)
        throw new DataError(`the page numbers came out on ${numbered} pages for a report of ${pages}`);
    } finally {
      await browser.close();
    }
    await joinPdfs(parts, path, `Payesh ${source.run.id}`, 'auto', footers);
    return done;
  } finally {
    await rm(partsDir, { recursive: true, force: true });
  }
}
