import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';

const run = promisify(execFile);

export type PdfJoiner = 'auto' | 'pdf-lib';

async function hasQpdf(): Promise<boolean> {
  try {
    await run('qpdf', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** The number of pages of a PDF file (qpdf reads only its structure; pdf-lib otherwise). */
export async function pdfPageCount(file: string, joiner: PdfJoiner = 'auto'): Promise<number> {
  if (joiner === 'auto' && (await hasQpdf())) return Number((await run('qpdf', ['--show-npages', file])).stdout.trim());
  return (await PDFDocument.load(await readFile(file))).getPageCount();
}

/**
 * Joins PDF files into one, in order, and lays page i of `overlay` (if given) over page i of the result
 * (the page numbers). With qpdf (Debian's `qpdf`) the parts are joined on disk, so memory stays small
 * whatever the report's length; without it, pdf-lib joins them in memory (about the size of the output).
 */
export async function joinPdfs(
  parts: readonly string[],
  out: string,
  title: string,
  joiner: PdfJoiner = 'auto',
  overlay: string | null = null,
): Promise<'qpdf' | 'pdf-lib'> {
  if (joiner === 'auto' && (await hasQpdf())) {
    await run('qpdf', ['--empty', '--pages', ...parts, '--', ...(overlay ? ['--overlay', overlay, '--'] : []), out]);
    return 'qpdf';
  }
  const merged = await PDFDocument.create();
  for (const file of parts) {
    const part = await PDFDocument.load(await readFile(file));
    for (const p of await merged.copyPages(part, part.getPageIndices())) merged.addPage(p);
  }
  if (overlay) {
    const over = await PDFDocument.load(await readFile(overlay));
    const pages = merged.getPages();
    const stamps = await merged.embedPdf(over, over.getPageIndices().slice(0, pages.length));
    stamps.forEach((stamp, i) =>
      pages[i]!.drawPage(stamp, { x: 0, y: 0, width: pages[i]!.getWidth(), height: pages[i]!.getHeight() }),
    );
  }
  merged.setTitle(title);
  merged.setCreator('Payesh');
  await writeFile(out, await merged.save());
  return 'pdf-lib';
}
