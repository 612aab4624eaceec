import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { echoInput, InputError, type Permit } from '@payesh/core';
import { readInputText } from '../parcels/read-input-text.js';
import { PERMIT_COLUMNS, permitFromRow } from './permit-row.js';

export interface PermitReadOptions {
  /** Ids of the parcels read; a permit on any other parcel is a bad row. */
  readonly parcelIds: ReadonlySet<string>;
  /** Any bad row is fatal (else it is reported and left out). */
  readonly strict?: boolean;
  readonly signal?: AbortSignal;
}

/** A row left out, with where it is: the line of a CSV file, the item (1-based) of a JSON array. */
export interface PermitProblem {
  readonly line: number;
  readonly permitId: string | null;
  readonly message: string;
}

export interface PermitReadResult {
  readonly permits: readonly Permit[];
  readonly rejected: readonly PermitProblem[];
  readonly rows: number;
}

/** Marks a CSV row whose field count differs from the header's. */
const BAD_LENGTH = '\u0000fields';

interface NumberedRow {
  readonly line: number;
  readonly row: Record<string, unknown>;
}

/**
 * Permits from CSV (UTF-8, header row) or JSON (an array of objects, or `{ "permits": [...] }`).
 * Columns: permit_id, parcel_id, issued_on, expires_on, permitted_area_m2, floors, status and an
 * optional footprint (WKT, or a GeoJSON geometry, in the parcels' CRS). Bad rows (unknown parcel,
 * unparseable date, negative area, duplicate permit id...) are reported with their line and left
 * out, or with `strict` stop the run.
 */
export async function readPermits(path: string, options: PermitReadOptions): Promise<PermitReadResult> {
  const content = await readInputText(path, 'the permits', options.signal);
  const rows = extname(path).toLowerCase() === '.json' ? jsonRows(content, path) : csvRows(content, path);
  const permits: Permit[] = [];
  const rejected: PermitProblem[] = [];
  const seen = new Set<string>();
  for (const { line, row } of rows) {
    const result = typeof row[BAD_LENGTH] === 'string' ? row[BAD_LENGTH] : permitFromRow(row);
    const permitId =
      typeof row.permit_id === 'string' || typeof row.permit_id === 'number' ? String(row.permit_id) : null;
    let message: string | null = typeof result === 'string' ? result : null;
    if (typeof result !== 'string') {
      if (!options.parcelIds.has(result.parcelId)) message = `unknown parcel "${echoInput(result.parcelId)}"`;
      else if (seen.has(result.permitId)) message = `duplicate permit_id "${echoInput(result.permitId)}"`;
    }
    if (message !== null) {
      if (options.strict)
        throw new InputError(`line ${line}: ${message} (--strict stops at the first bad row)`, { file: path });
      rejected.push({ line, permitId, message });
      continue;
    }
    const permit = result as Permit;
    seen.add(permit.permitId);
    permits.push(permit);
  }
  return { permits, rejected, rows: rows.length };
}

function csvRows(content: string, path: string): NumberedRow[] {
  let records: { info: { lines: number }; record: string[] }[];
  try {
    records = parse(content, {
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: true,
    }) as unknown as typeof records;
  } catch (error) {
    throw new InputError(`the permits are not readable CSV (${(error as Error).message})`, { file: path });
  }
  const [head, ...body] = records;
  const header = (head?.record ?? []).map((h) => h.trim().toLowerCase());
  checkColumns(header, path, body.length);
  return body.map(({ info, record }) => ({
    line: info.lines,
    row:
      record.length === header.length
        ? Object.fromEntries(header.map((h, i) => [h, record[i]]))
        : { [BAD_LENGTH]: `has ${record.length} fields, the header has ${header.length}` },
  }));
}

function jsonRows(content: string, path: string): NumberedRow[] {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (error) {
    throw new InputError(`the permits are not valid JSON (${(error as Error).message})`, { file: path });
  }
  const list = Array.isArray(doc) ? doc : (doc as { permits?: unknown })?.permits;
  if (!Array.isArray(list))
    throw new InputError('the permits JSON must be an array of permits or { "permits": [...] }', { file: path });
  checkColumns(list.length ? Object.keys(list[0] ?? {}) : [], path, list.length);
  return list.map((row, i) => ({ line: i + 1, row: (row ?? {}) as Record<string, unknown> }));
}

function checkColumns(present: readonly string[], path: string, rows: number): void {
  if (rows === 0) return;
  const missing = PERMIT_COLUMNS.filter((c) => !present.includes(c));
  if (missing.length)
    throw new InputError(
      `the permits lack the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (found: ${echoInput(present.join(', ') || 'none', 200)})`,
      { file: path },
    );
}
