import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';

const run = promisify(execFile);

async function hasQpdf(): Promise<boolean> {
  try {
    await run('qpdf', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Joins PDF files into one, in order. With qpdf (Debian's `qpdf`) the parts are joined on disk, so
 * memory stays small whatever the report's length; without it, pdf-lib joins them in memory (about
 * the size of the output).
 */
export async function joinPdfs(parts: readonly string[], out: string, title: string, joiner: 'auto' | 'pdf-lib' = 'auto'): Promise<'qpdf' | 'pdf-lib'> {
  if (joiner === 'auto' && (await hasQpdf())) {
    await run('qpdf', ['--empty', '--pages', ...parts, '--', out]);
    return 'qpdf';
  }
  const merged = await PDFDocument.create();
  for (const file of parts) {
    const part = await PDFDocument.load(await readFile(file));
    for (const p of await merged.copyPages(part, part.getPageIndices())) merged.addPage(p);
  }
  merged.setTitle(title);
  merged.setCreator('Payesh');
  await writeFile(out, await merged.save());
  return 'pdf-lib';
}
