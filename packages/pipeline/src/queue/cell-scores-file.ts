import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, type CellRow } from '@payesh/core';

/** The file holding the scores of a row of cells in a run's work folder. */
export function cellScoresPath(work: string, row: number): string {
  return join(work, `cells-r${String(row).padStart(5, '0')}.f32`);
}

const cellsLength = (row: CellRow): number => row.cells.reduce((n, c) => n + c.width * c.height, 0);

/**
 * Writes the scores of a row's cells (in the row's order, float32 little-endian, back to back):
 * into a temporary file beside it, then renamed, so the file is whole or absent. Writing it again
 * (a retried or taken-over job) puts the same bytes in place.
 */
export async function writeCellScores(
  work: string,
  row: CellRow,
  scores: readonly Float32Array[],
  signal?: AbortSignal,
): Promise<void> {
  const all = new Float32Array(cellsLength(row));
  let at = 0;
  for (const [k, cell] of row.cells.entries()) {
    const s = scores[k]!;
    if (s.length !== cell.width * cell.height) throw new Error(`cell ${k} of row ${row.index}: ${s.length} scores`);
    all.set(s, at);
    at += s.length;
  }
  const bytes = Buffer.alloc(all.length * 4);
  for (let i = 0; i < all.length; i++) bytes.writeFloatLE(all[i]!, i * 4);
  const path = cellScoresPath(work, row.index);
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, bytes, { signal });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** The scores of a row's cells, as written by writeCellScores; a missing or short file is a DataError. */
export async function readCellScores(work: string, row: CellRow, signal?: AbortSignal): Promise<Float32Array[]> {
  const path = cellScoresPath(work, row.index);
  const bytes = await readFile(path, { signal }).catch((error: NodeJS.ErrnoException) => {
    throw new DataError(`the scores of cell row ${row.index} are missing (${error.code ?? error.message})`, {
      file: path,
    });
  });
  if (bytes.length !== cellsLength(row) * 4)
    throw new DataError(`holds ${bytes.length} bytes, not the ${cellsLength(row) * 4} of cell row ${row.index}`, {
      file: path,
    });
  let at = 0;
  return row.cells.map((cell) => {
    const s = new Float32Array(cell.width * cell.height);
    for (let i = 0; i < s.length; i++) s[i] = bytes.readFloatLE((at + i) * 4);
    at += s.length;
    return s;
  });
}
