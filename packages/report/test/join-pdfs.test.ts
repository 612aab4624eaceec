import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { joinPdfs } from '../src/join-pdfs.js';
import { hasPoppler } from './poppler.js';

const dir = mkdtempSync(join(tmpdir(), 'payesh-join-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pdfWithPages(name: string, pages: number): Promise<string> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([200, 300]).drawText(`${name} ${i + 1}`, { x: 20, y: 150 });
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, await doc.save());
  return path;
}

const pageCount = async (path: string): Promise<number> => (await PDFDocument.load(readFileSync(path))).getPageCount();
/** The page texts in order, spaces dropped (poppler), or null without it. */
const texts = (path: string): string[] | null => (hasPoppler() ? execFileSync('pdftotext', [path, '-'], { encoding: 'utf8' }).split('\f').map((t) => t.replace(/\s/g, '')).filter(Boolean) : null);

describe('joinPdfs', () => {
  it('joins parts in order, with pdf-lib and (where installed) qpdf', async () => {
    const parts = [await pdfWithPages('cover', 1), await pdfWithPages('a', 3), await pdfWithPages('b', 2)];
    const inMemory = join(dir, 'mem.pdf');
    expect(await joinPdfs(parts, inMemory, 'test', 'pdf-lib')).toBe('pdf-lib');
    expect(await pageCount(inMemory)).toBe(6);
    const auto = join(dir, 'auto.pdf');
    const used = await joinPdfs(parts, auto, 'test');
    expect(['qpdf', 'pdf-lib']).toContain(used);
    expect(await pageCount(auto)).toBe(6);
    const order = ['cover1', 'a1', 'a2', 'a3', 'b1', 'b2'];
    for (const file of [inMemory, auto]) expect(texts(file) ?? order).toEqual(order);
  });
});
