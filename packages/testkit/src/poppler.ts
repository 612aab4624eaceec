import { execFileSync } from 'node:child_process';

/** True when poppler's tools (pdftotext, pdfinfo, pdftoppm; Debian poppler-utils) are installed. */
export function hasPoppler(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
