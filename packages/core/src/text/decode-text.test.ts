import { describe, expect, it } from 'vitest';
import { decodeUtf8Text } from './decode-text.js';

/** Text as UTF-16LE bytes (as Excel's "Unicode text" saves it). */
function utf16le(s: string, bom = true): Uint8Array {
  const units = Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
  return new Uint8Array([...(bom ? [0xff, 0xfe] : []), ...units.flatMap((u) => [u & 0xff, u >> 8])]);
}

describe('decodeUtf8Text', () => {
  it('reads UTF-8, with or without a byte-order mark, Persian included', () => {
    expect(decodeUtf8Text(new TextEncoder().encode('a,b\nخوی'))).toEqual({ ok: true, text: 'a,b\nخوی' });
    expect(decodeUtf8Text(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ ok: true, text: 'a' });
  });

  it('names UTF-16 (with a byte-order mark either way round, or without one) and other encodings', () => {
    expect(decodeUtf8Text(utf16le('permit_id,parcel_id'))).toEqual({
      ok: false,
      problem: 'UTF-16 file: save it as UTF-8',
    });
    expect(decodeUtf8Text(utf16le('permit_id,parcel_id', false))).toEqual({
      ok: false,
      problem: 'UTF-16 file: save it as UTF-8',
    });
    expect(decodeUtf8Text(new Uint8Array([0xfe, 0xff, 0, 0x61]))).toEqual({
      ok: false,
      problem: 'UTF-16 file: save it as UTF-8',
    });
    // Windows-1256 Persian: not UTF-8.
    expect(decodeUtf8Text(new Uint8Array([0x61, 0xe3, 0xe4, 0x2c]))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^not UTF-8 text/),
    });
  });
});
