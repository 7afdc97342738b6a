// GET /_mock/demo/{widgetId}: a page that embeds the widget as a customer's page does (the snippet, with the mock's origin)
// and logs every callback it fires, so a person (or a browser test) can watch the JavaScript API work. The page is static:
// its script reads the widget id from the address and shows everything as text. Under a CSP that allows the mock only.
import type { FastifyPluginAsync } from 'fastify';
import { widgetAsset, type WidgetFile } from './assets.js';

/** Scripts, styles and calls from the mock only, none inline; the chat box is an about:blank frame of the page itself. */
export const DEMO_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const ASSETS: Record<string, { file: WidgetFile; type: string }> = {
  'demo.js': { file: 'demo.js', type: 'text/javascript; charset=utf-8' },
  'demo.css': { file: 'demo.css', type: 'text/css; charset=utf-8' },
};

export const demoRoutes: FastifyPluginAsync = async (app) => {
  const { widgetJs } = app.ctx;

  // One path for the page and its two files: `demo.js` and `demo.css` are no widget id.
  app.get<{ Params: { widgetId: string } }>('/demo/:widgetId', { schema: { hide: true } }, async (request, reply) => {
    const asset = Object.hasOwn(ASSETS, request.params.widgetId) ? ASSETS[request.params.widgetId]! : undefined;
    if (asset === undefined) widgetJs.service.widget(request.params.widgetId);
    return reply
      .type(asset?.type ?? 'text/html; charset=utf-8')
      .header('content-security-policy', DEMO_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache')
      .send(await widgetAsset(asset?.file ?? 'demo.html'));
  });
};
