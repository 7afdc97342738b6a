// The origin an uploaded file's link points at: the https listener, on the host name the client used to reach the mock.
import type { AddressInfo } from 'node:net';
import type { FastifyRequest } from 'fastify';
import { publicOrigin } from '../logs/next-link.js';

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
