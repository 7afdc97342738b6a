// The optional MOCK_ADMIN_TOKEN: what guards the control routes that act on every api_key (reset all, the clock, unscoped faults).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../core/errors.js';

/** The header the token travels in; a header of its own, so no proxy or client library adds or strips it by habit. */
export const ADMIN_TOKEN_HEADER = 'x-mock-admin-token';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** True when no token is configured (everyone may, as before the token existed) or the request carries the right one. */
export function isAdmin(request: FastifyRequest): boolean {
  const token = request.server.ctx.config.MOCK_ADMIN_TOKEN;
  if (token === undefined) return true;
  const sent = request.headers[ADMIN_TOKEN_HEADER];
  // Digests of equal length, so the comparison takes the same time whatever was sent.
  return typeof sent === 'string' && timingSafeEqual(digest(sent), digest(token));
}

/** Throws the 401 (no token sent) or 403 (wrong token) the caller of a global control route should see. */
export function assertAdmin(request: FastifyRequest, what: string): void {
  if (isAdmin(request)) return;
  if (request.headers[ADMIN_TOKEN_HEADER] === undefined) {
    throw unauthorized('admin_token_required', `${what} needs the ${ADMIN_TOKEN_HEADER} header: MOCK_ADMIN_TOKEN is set`);
  }
  throw forbidden('invalid_admin_token', `the ${ADMIN_TOKEN_HEADER} header does not match MOCK_ADMIN_TOKEN`);
}
