import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { joinPdfs, pdfPageCount } from './join-pdfs.js';
import { needTools } from '@payesh/testkit';

const dir = mkdtempSync(join(tmpdir(), 'payesh-join-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pdfWithPages(name: string, pages: number, y = 150): Promise<string> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([200, 300]).drawText(`${name} ${i + 1}`, { x: 20, y });
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, await doc.save());
  return path;
}

const pageCount = async (path: string): Promise<number> => (await PDFDocument.load(readFileSync(path))).getPageCount();
/** The page texts in order, spaces dropped (pdftotext). */
const texts = (path: string): string[] =>
  execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' })
    .split('\f')
    .map((t) => t.replace(/\s/g, ''))
    .filter(Boolean);
const pdftotext = needTools(['pdftotext']);

/** Three parts (1, 3 and 2 pages) joined in memory by pdf-lib and by the best joiner installed (qpdf where it is). */
async function joinSample(): Promise<{ inMemory: string; auto: string; used: string; byPdfLib: string }> {
  const parts = [await pdfWithPages('cover', 1), await pdfWithPages('a', 3), await pdfWithPages('b', 2)];
  const inMemory = join(dir, 'mem.pdf');
  const byPdfLib = await joinPdfs(parts, inMemory, 'test', 'pdf-lib');
  const auto = join(dir, 'auto.pdf');
  return { inMemory, auto, used: await joinPdfs(parts, auto, 'test'), byPdfLib };
}

describe('joinPdfs', () => {
  it('joins every page of the parts, with pdf-lib and (where installed) qpdf', async () => {
    const { inMemory, auto, used, byPdfLib } = await joinSample();
    expect(byPdfLib).toBe('pdf-lib');
    expect(await pageCount(inMemory)).toBe(6);
    expect(['qpdf', 'pdf-lib']).toContain(used);
    expect(await pageCount(auto)).toBe(6);
  });

  it.skipIf(pdftotext.skip)(
    `keeps the parts' pages in order, with pdf-lib and (where installed) qpdf (read back by pdftotext)${pdftotext.note}`,
    async () => {
      pdftotext.assert();
      const { inMemory, auto } = await joinSample();
      const order = ['cover1', 'a1', 'a2', 'a3', 'b1', 'b2'];
      for (const file of [inMemory, auto]) expect(texts(file)).toEqual(order);
    },
  );

  it.skipIf(pdftotext.skip)(
    `lays page i of an overlay over page i of the joined parts, with pdf-lib and qpdf alike (read back by pdftotext)${pdftotext.note}`,
    async () => {
      pdftotext.assert();
      const parts = [await pdfWithPages('x', 2), await pdfWithPages('y', 1)];
      const overlay = await pdfWithPages('n', 3, 20); // at the foot, under the parts' text
      for (const joiner of ['pdf-lib', 'auto'] as const) {
        const out = join(dir, `over-${joiner}.pdf`);
        await joinPdfs(parts, out, 'test', joiner, overlay);
        expect(await pageCount(out)).toBe(3);
        expect(await pdfPageCount(out, joiner)).toBe(3);
        expect(texts(out)).toEqual(['x1n1', 'x2n2', 'y1n3']);
      }
    },
  );
});
