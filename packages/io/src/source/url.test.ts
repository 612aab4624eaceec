import { describe, expect, it } from 'vitest';
import { retryAfterMs } from './http-request.js';
import { parseContentRange } from './http-source.js';
import { isHttpUrl, redactUrl } from './url.js';

describe('URLs', () => {
  it('tells URLs from paths', () => {
    expect(isHttpUrl('https://bucket.example/2025.tif')).toBe(true);
    expect(isHttpUrl('HTTP://host/a.tif')).toBe(true);
    expect(isHttpUrl('city/before.tif')).toBe(false);
    expect(isHttpUrl('/data/http://x.tif')).toBe(false);
    expect(isHttpUrl('s3://bucket/a.tif')).toBe(false);
  });

  it('redacts credentials: user:pass@ dropped, a query string (a signature, a token) hidden', () => {
    expect(redactUrl('https://u:p@h.example:8443/a/b.tif')).toBe('https://h.example:8443/a/b.tif');
    expect(redactUrl('https://h.example/b.tif?X-Amz-Signature=abc&X-Amz-Credential=k')).toBe(
      'https://h.example/b.tif?…',
    );
    expect(redactUrl('https://h.example/b.tif')).toBe('https://h.example/b.tif');
    expect(redactUrl('https://u:p@[bad/b.tif?sig=1')).toBe('https://[bad/b.tif');
    expect(redactUrl('city/before.tif')).toBe('city/before.tif');
  });

  it('reads Retry-After as seconds or a date, and Content-Range', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
    expect(parseContentRange('bytes 0-65535/799760')).toEqual({ start: 0, end: 65535, total: 799760 });
    expect(parseContentRange('bytes 10-19/*')).toEqual({ start: 10, end: 19, total: null });
    expect(parseContentRange(null)).toBeNull();
  });
});
