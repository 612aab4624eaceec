export type DecodedText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly problem: string };

/** A share of NUL bytes this large at the start of a file is UTF-16 (or UTF-32) without a byte-order mark. */
const NUL_SHARE = 0.1;
const SNIFF_BYTES = 4096;

function looksUtf16(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  const head = bytes.subarray(0, SNIFF_BYTES);
  let nuls = 0;
  for (const b of head) if (b === 0) nuls++;
  return head.length > 0 && nuls / head.length >= NUL_SHARE;
}

/**
 * The text of a file that must be UTF-8 (a leading byte-order mark is dropped), or what it is
 * instead, in words that tell the user what to do: UTF-16 (as Excel's "Unicode text" saves), or
 * bytes that are not UTF-8 at all (a Windows code page).
 */
export function decodeUtf8Text(bytes: Uint8Array): DecodedText {
  if (looksUtf16(bytes)) return { ok: false, problem: 'UTF-16 file: save it as UTF-8' };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, problem: 'not UTF-8 text (a Windows code page?): save it as UTF-8' };
  }
}
