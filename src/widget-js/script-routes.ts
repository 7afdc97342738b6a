// The widget's script where pages load it: GET /js/{widgetId}.js (today's loader path), the legacy /cdn/js/{widgetId}.js
// and /cdn/js/snapabug.js (no widget until SnapABug.init), and the chat box's stylesheet. The script is the bundle of
// widget/ wrapped in a function that receives the widget id and the origin the page reached the mock on, so the page
// needs nothing but the mock's origin. No OpenAPI entry: it is a script, not an API.
import { createHash } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../core/errors.js';
import { publicOrigin } from '../http/public-origin.js';
import { widgetAsset } from './assets.js';

/** The legacy loader with no widget id in its name (SnapABug.init(id) or addButton(id, …) names it). */
const LEGACY_LOADER = 'snapabug.js';

export const scriptRoutes: FastifyPluginAsync = async (app) => {
  const { widgetJs } = app.ctx;

  /** Revalidated on every load (no-cache) and answered 304 while unchanged: a rebuild or a new origin shows at once. */
  const sendAsset = (request: FastifyRequest, reply: FastifyReply, body: Buffer | string, type: string) => {
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    reply
      .header('cache-control', 'no-cache')
      .header('etag', etag)
      .header('vary', 'x-forwarded-host, x-forwarded-proto')
      .header('x-content-type-options', 'nosniff')
      // Any site may embed it, as any site embeds SnapEngage's.
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type(type).send(body);
  };

  const script = async (request: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply, legacy: boolean) => {
    const { file } = request.params;
    const id = legacy && file === LEGACY_LOADER ? '' : /^(.{1,200})\.js$/.exec(file)?.[1];
    if (id === undefined) throw notFound('route_not_found', `no script ${file.slice(0, 60)}: the widget's is /js/{widgetId}.js`);
    if (id !== '') widgetJs.service.widget(id);
    const config = JSON.stringify({ widgetId: id, origin: publicOrigin(request) });
    const bundle = await widgetAsset('widget.js');
    const body = `/* snapengage-mock: a stand-in for SnapEngage's widget script, served by the mock. */\n(function (__SNAPENGAGE_MOCK__) {\n${bundle}\n})(${config});\n`;
    return sendAsset(request, reply, body, 'text/javascript; charset=utf-8');
  };

  const hide = { schema: { hide: true } };
  app.get<{ Params: { file: string } }>('/js/:file', hide, (request, reply) => script(request, reply, false));
  app.get<{ Params: { file: string } }>('/cdn/js/:file', hide, (request, reply) => script(request, reply, true));
  app.get('/widget/chat.css', hide, async (request, reply) => sendAsset(request, reply, await widgetAsset('chat.css'), 'text/css; charset=utf-8'));
};
