// The origin a client reached the mock on, for the absolute links the mock answers with: the Logs API's next link and
// an uploaded file's link.
import type { AddressInfo } from 'node:net';
import type { FastifyRequest } from 'fastify';

const HOST = /^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$/;

const firstOf = (header: string | string[] | undefined): string | undefined =>
  (Array.isArray(header) ? header[0] : header)?.split(',', 1)[0]?.trim() || undefined;

/** `https://host:port` as the client sees the mock: X-Forwarded-Proto/-Host when a proxy sets sane ones, else the request's own. */
export function publicOrigin(request: FastifyRequest): string {
  const proto = firstOf(request.headers['x-forwarded-proto'])?.toLowerCase();
  const scheme = proto === 'http' || proto === 'https' ? proto : request.protocol;
  const forwarded = firstOf(request.headers['x-forwarded-host']);
  const own = request.headers.host;
  const host = forwarded && HOST.test(forwarded) ? forwarded : own && HOST.test(own) ? own : `${request.hostname || '127.0.0.1'}`;
  return `${scheme}://${host}`;
}

const HOSTNAME = /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/;

/**
 * `https://<Host's hostname>:<https port>`, whichever listener the support request came in on (`localhost` when the
 * Host header is unusable). With HTTPS_PORT=off there is no https listener: the link then names the http origin, and
 * a GET of it answers 403 https_required, as SnapEngage answers plain http.
 */
export function fileOrigin(request: FastifyRequest): string {
  const address = request.server.httpsServer?.address() as AddressInfo | null | undefined;
  if (!address) return publicOrigin(request);
  const host = HOSTNAME.test(request.hostname) ? request.hostname : 'localhost';
  return `https://${host}:${address.port}`;
}
