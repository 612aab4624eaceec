import type { Request } from 'express';
import { InputError } from '@payesh/core';

/** A Host header as a URL may carry it: a name or IPv4 address, or a bracketed IPv6 one, and a port. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$/;

/** `--public-url`: where clients reach the server (behind a proxy, with a path prefix), without the trailing slash. */
export function parsePublicUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`--public-url must be an http(s) URL such as https://maps.example.org/payesh, got "${text}"`);
  }
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password)
    throw new InputError(`--public-url must be an http(s) URL without query, fragment or credentials, got "${text}"`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * The absolute URL prefix clients use for this server: the public URL when configured, else the
 * request's protocol and Host (express honours X-Forwarded-* only when trust proxy is set).
 */
export function publicBase(req: Request, publicUrl: string | null): string {
  if (publicUrl) return publicUrl;
  const host = req.get('host') ?? '';
  if (!HOST.test(host)) throw new InputError('the Host header is not a host name or address');
  return `${req.protocol}://${host}`;
}
