import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { once } from 'node:events';
import { csvRecord, InputError, UTF8_BOM } from '@payesh/core';
import { launchChromium } from './chromium.js';
import { joinPdfs } from './join-pdfs.js';
import { SummaryBuilder, type ReportFlag, type ReportFormat, type ReportRun } from './report-model.js';
import { coverPage, flagPage, reportDocument, type EvidenceImages, type ReportOptions } from './report-html.js';

/** Where a report's flags come from, page by page (the store), and their evidence images (the tiler). */
export interface ReportSource {
  readonly run: ReportRun;
  pages(): AsyncIterable<readonly ReportFlag[]>;
  images(flag: ReportFlag): Promise<EvidenceImages>;
  overview(flags: readonly ReportFlag[]): Promise<Uint8Array | null>;
}

export const CSV_COLUMNS = ['rank', 'flag_id', 'parcel_id', 'violation', 'category', 'status', 'confidence', 'new_built_m2', 'permitted_area_m2', 'district', 'address', 'permit_ids', 'decision', 'legal_category', 'note', 'inspector', 'decided_at', 'west', 'south', 'east', 'north'] as const;

const csvRow = (f: ReportFlag): readonly unknown[] => [f.rank, f.flagKey, f.parcelId, f.violation, f.category, f.status, f.confidence, f.newBuiltM2, f.permittedAreaM2, f.district, f.address, f.permits.map((p) => p.permit_id).join(';'), f.decision?.outcome ?? '', f.decision?.legalCategory ?? '', f.decision?.note ?? '', f.decision?.username ?? '', f.decision?.decidedAt ?? '', ...f.bbox];

const feature = (f: ReportFlag) => ({
  type: 'Feature',
  id: f.flagKey,
  geometry: f.geometry,
  properties: { flag_id: f.flagKey, rank: f.rank, parcel_id: f.parcelId, violation: f.violation, category: f.category, status: f.status, confidence: f.confidence, new_built_m2: f.newBuiltM2, permitted_area_m2: f.permittedAreaM2, district: f.district, address: f.address, permits: f.permits, decision: f.decision, bbox: f.bbox },
});

/** SHA-256 over the flag's facts and its three evidence images: printed on its page, checkable against the run later. */
export function evidenceFingerprint(flag: ReportFlag, images: EvidenceImages): string {
  const facts = { flag: flag.flagKey, parcel: flag.parcelId, violation: flag.violation, new_built_m2: flag.newBuiltM2, permitted_area_m2: flag.permittedAreaM2, confidence: flag.confidence, permits: flag.permits, decision: flag.decision };
  return createHash('sha256').update(JSON.stringify(facts)).update(images.before).update(images.after).update(images.change).digest('hex');
}

/** PDF pages are printed this many flags at a time, so memory stays bounded by a batch. */
const PDF_BATCH = 40;

/**
 * Writes the report to `out` (a temporary file beside it, renamed when complete: never half-written).
 * CSV and GeoJSON stream page by page; the PDF is printed by Chromium in batches to part files, joined
 * at the end (see joinPdfs).
 */
export async function writeReport(source: ReportSource, format: ReportFormat, options: ReportOptions, out: string, onProgress: (done: number) => void = () => undefined): Promise<{ flags: number }> {
  const temp = join(dirname(out), `.${basename(out)}.partial-${process.pid}`);
  try {
    const count = format === 'pdf' ? await writePdf(source, options, temp, onProgress) : await writeText(source, format, temp, onProgress);
    await rename(temp, out);
    return { flags: count };
  } catch (error) {
    await rm(temp, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !(error instanceof InputError)) throw new InputError(`cannot write the report: ${(error as Error).message}`, { file: out });
    throw error;
  }
}

async function writeText(source: ReportSource, format: 'csv' | 'geojson', path: string, onProgress: (done: number) => void): Promise<number> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const write = async (text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  let n = 0;
  await write(format === 'csv' ? UTF8_BOM + csvRecord(CSV_COLUMNS) : '{"type":"FeatureCollection","features":[');
  for await (const page of source.pages()) {
    for (const f of page) await write(format === 'csv' ? csvRecord(csvRow(f)) : `${n++ ? ',' : ''}\n${JSON.stringify(feature(f))}`);
    if (format === 'csv') n += page.length;
    onProgress(n);
  }
  await write(format === 'csv' ? '' : '\n]}\n');
  stream.end();
  await once(stream, 'finish');
  return n;
}

async function writePdf(source: ReportSource, options: ReportOptions, path: string, onProgress: (done: number) => void): Promise<number> {
  // First pass: the cover's counts and the overview (flags only, no images).
  const summary = new SummaryBuilder();
  const outlines: ReportFlag[] = [];
  for await (const page of source.pages()) {
    summary.add(page);
    outlines.push(...page.slice(0, Math.max(0, 5000 - outlines.length)));
  }
  // Each printed part (the cover, then batches of parcel pages) goes to its own file; joined at the end.
  const partsDir = await mkdtemp(join(dirname(path), `.${basename(path)}.parts-`));
  const parts: string[] = [];
  let done = 0;
  try {
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      const print = async (body: string): Promise<void> => {
        await tab.setContent(reportDocument(options.lang, body), { waitUntil: 'load' });
        const file = join(partsDir, `${String(parts.length).padStart(6, '0')}.pdf`);
        await tab.pdf({ path: file, format: 'A4', printBackground: true, preferCSSPageSize: true });
        parts.push(file);
      };
      await print(coverPage(source.run, summary.summary(), options, outlines.length ? await source.overview(outlines) : null));
      let batch: string[] = [];
      const flush = async () => {
        if (batch.length) await print(batch.join(''));
        batch = [];
      };
      for await (const page of source.pages()) {
        for (const flag of page) {
          const images = await source.images(flag);
          batch.push(flagPage(flag, source.run, images, evidenceFingerprint(flag, images), options.lang));
          if (batch.length >= PDF_BATCH) await flush();
          onProgress(++done);
        }
      }
      await flush();
    } finally {
      await browser.close();
    }
    await joinPdfs(parts, path, `Payesh ${source.run.id}`);
    return done;
  } finally {
    await rm(partsDir, { recursive: true, force: true });
  }
}
