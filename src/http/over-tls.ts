// Whether a request came in over the mock's https listener: what an https-only route (SnapEngage's file links) checks.
import type { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';

/**
 * True when the request's own socket is TLS. Unlike `request.protocol`, a client's X-Forwarded-Proto header cannot
 * fake it, even if trustProxy is ever turned on. `app.inject()` requests are never over TLS: test such routes through
 * a real https listener (the harness's `httpsUrl`).
 */
export function arrivedOverTls(request: FastifyRequest): boolean {
  return (request.raw.socket as TLSSocket | null)?.encrypted === true;
}
