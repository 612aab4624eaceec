/** True for an http: or https: URL: a raster read by range requests rather than from a file. */
export function isHttpUrl(pathOrUrl: string): boolean {
  return /^https?:\/\//i.test(pathOrUrl);
}

/**
 * A URL as messages and run.json may show it: scheme, host, port and path, without credentials
 * (`user:pass@` is dropped, a query string, which may carry a signature or token, becomes `?…`).
 * Anything that is not an http(s) URL comes back unchanged.
 */
export function redactUrl(pathOrUrl: string): string {
  if (!isHttpUrl(pathOrUrl)) return pathOrUrl;
  let url: URL;
  try {
    url = new URL(pathOrUrl);
  } catch {
    // Unparseable: keep only what cannot hold a secret.
    return pathOrUrl.replace(/^(https?:\/\/)[^/?#]*@/i, '$1').replace(/[?#].*$/, '');
  }
  const query = url.search === '' ? '' : '?…';
  return `${url.protocol}//${url.host}${url.pathname}${query}`;
}
