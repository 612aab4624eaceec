import type { ReportFormat } from '@payesh/contract';

/** A report's download name, `<run>_<status>[_<violations>][_<district>]_<YYYY-MM-DD>.<ext>`, twice. */
export interface ReportFileName {
  /** Letters and digits of any script, `.`, `_`, `+` and `-` only (for `filename*` and the job API). */
  readonly unicode: string;
  /** ASCII letters, digits, `.`, `_`, `+` and `-` only (the plain `filename` fallback): a district in another script is left out. */
  readonly ascii: string;
}

const segment = (text: string, allowed: RegExp): string =>
  text
    .normalize('NFC')
    .replace(allowed, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 60);
const UNICODE_UNSAFE = /[^\p{L}\p{M}\p{N}.+-]/gu;
const ASCII_UNSAFE = /[^A-Za-z0-9.+-]/g;

/** The file name of a report for a run, a selection and a day (ISO date). */
export function reportFileName(selection: {
  readonly run: string;
  readonly status: string;
  readonly violation?: readonly string[] | null;
  readonly district?: string | null;
  readonly date: string;
  readonly format: ReportFormat;
}): ReportFileName {
  const name = (unsafe: RegExp) =>
    [
      selection.run,
      selection.status,
      (selection.violation ?? []).join('+'),
      selection.district ?? '',
      selection.date.slice(0, 10),
    ]
      .map((s) => segment(s, unsafe))
      .filter(Boolean)
      .join('_') + `.${selection.format}`;
  return { unicode: name(UNICODE_UNSAFE), ascii: name(ASCII_UNSAFE) };
}
