// Form bodies (application/x-www-form-urlencoded) for the routes that take them: the Visitor Chat API, whose sample
// sends that Content-Type (usually with every parameter in the query string and no body). Elsewhere a form body is
// refused as before: 415, send JSON.
import type { FastifyBodyParser } from 'fastify';
import { AppError } from '../core/errors.js';

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** `a=1&b=2` as an object; a repeated name keeps its first value (as the query string's routes read it). */
export const parseFormBody: FastifyBodyParser<string> = (request, body, done) => {
  // No route matched: the not-found handler answers (a 405 with Allow for a known path), not this parser.
  if (request.routeOptions.url === undefined) return done(null, undefined);
  if (!request.routeOptions.config.formBody) {
    return done(new AppError(415, 'unsupported_media_type', `Content-Type ${FORM_CONTENT_TYPE} is not supported here; send application/json`), undefined);
  }
  if (body === '') return done(null, undefined);
  const fields: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(body)) if (!(name in fields)) fields[name] = value;
  done(null, fields);
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route also takes its body as a form (application/x-www-form-urlencoded). */
    formBody?: boolean;
    /** A 404 from this route has an empty body, as SnapEngage documents for the Visitor Chat API. */
    emptyNotFound?: boolean;
  }
}
