// linkToNextSetOfResults: an absolute URL on the scheme and host the client used (through a proxy too), every parameter in it.
import type { FastifyRequest } from 'fastify';
import { publicOrigin } from '../http/public-origin.js';

/** The same query with `next` set: the link a client follows as is, with the same Authorization header. */
export function nextLink(request: FastifyRequest, orgId: string, params: Record<string, string | undefined>, next: string): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && key !== 'next') query.set(key, value);
  query.set('next', next);
  return `${publicOrigin(request)}/api/v2/${encodeURIComponent(orgId)}/logs?${query.toString()}`;
}
