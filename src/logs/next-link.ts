// linkToNextSetOfResults: an absolute URL on the scheme and host the client used (through a proxy too), every parameter in it.
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

/** The same query with `next` set: the link a client follows as is, with the same Authorization header. */
export function nextLink(request: FastifyRequest, orgId: string, params: Record<string, string | undefined>, next: string): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && key !== 'next') query.set(key, value);
  query.set('next', next);
  return `${publicOrigin(request)}/api/v2/${encodeURIComponent(orgId)}/logs?${query.toString()}`;
}
