// GET /_mock/ui: the inspector page and its two assets, built into dist/ui/ by scripts/bundle-ui.js. A hand route over
// a fixed list of three files rather than @fastify/static: nothing to resolve from the URL, no dependency, and each
// file is read on its first request (never at boot, so the cold start does not pay for the page) and then kept
// (core/built-asset.ts).
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { builtAsset } from '../core/built-asset.js';
import { AppError } from '../core/errors.js';

const FILES = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
} as const;
type UiFile = keyof typeof FILES;

/** Scripts and styles from the mock only, none inline; data from its own APIs; nothing framed or framing. */
export const UI_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";


export const uiRoutes: FastifyPluginAsync = async (app) => {
  const send = async (reply: FastifyReply, file: UiFile) => {
    const body = await builtAsset('ui', file, 'the inspector page');
    return reply
      .type(FILES[file])
      .header('content-security-policy', UI_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache')
      .send(body);
  };

  app.get('/ui', { schema: { hide: true } }, (_request, reply) => send(reply, 'index.html'));
  app.get('/ui/', { schema: { hide: true } }, (_request, reply) => send(reply, 'index.html'));
  app.get<{ Params: { file: string } }>('/ui/:file', { schema: { hide: true } }, (request, reply) => {
    const file = request.params.file;
    if (!Object.hasOwn(FILES, file)) throw new AppError(404, 'route_not_found', `the inspector has no file ${file}`);
    return send(reply, file as UiFile);
  });
};
