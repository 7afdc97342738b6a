// A query key sent twice arrives as an array (Fastify's querystring parser); for the routes that tolerate it, the first wins.
import type { FastifyRequest } from 'fastify';

/**
 * A preValidation hook: every repeated query key keeps its first value. Public Logs API clients re-send `start` and
 * `end` on top of the next-page link, which already carries them; the link's own values come first.
 * The journal keeps the query as sent (it copies it before validation).
 */
export async function firstQueryValues(request: FastifyRequest): Promise<void> {
  const query = request.query as Record<string, unknown> | undefined;
  if (!query) return;
  const firsts: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) firsts[key] = Array.isArray(value) ? value[0] : value;
  request.query = firsts;
}
