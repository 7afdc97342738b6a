// What SnapEngage serves to anyone without a key: widget availability (GET /public/api/v2/chat/{widgetId}, which its
// mobile SDKs call) and the status image pages embed (GET /statusImage?w=). Both answer any origin (CORS), as
// SnapEngage's do: a web page is their client.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorEnvelopeSchema } from '../core/errors.js';
import { pngOf } from '../files/generated-files.js';
import { publicAvailability, publicError } from './schemas.js';

export const AVAILABILITY_TAG = 'widget availability';

/** A 16x16 dot: green when online, grey when offline, drawn once. */
const dot = (rgb: [number, number, number]) => pngOf(16, (x, y) => ((x - 7.5) ** 2 + (y - 7.5) ** 2 <= 49 ? rgb : [255, 255, 255]));
const IMAGES = { online: dot([46, 160, 67]), offline: dot([150, 150, 150]) };

const imageUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' }).max(2048);

export const availabilityRoutes: FastifyPluginAsyncZod = async (app) => {
  const { visitors } = app.ctx.frontDesk;
  const tags = [AVAILABILITY_TAG];
  const findWidget = (widgetId: string) => visitors.find(widgetId);
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('access-control-allow-origin', '*');
    done(null, payload);
  });

  app.get(
    '/public/api/v2/chat/:widgetId',
    {
      schema: {
        tags,
        security: [],
        operationId: 'getWidgetAvailability',
        summary: 'Whether a widget is online (no key): what SnapEngage\'s mobile SDKs ask before offering a chat',
        description: 'The four flags are the strings "true"/"false", and SDKs compare them with "true". Online: an agent of the widget is online with a free slot, inside its conversationSchedule (read on its key\'s clock).',
        params: z.strictObject({ widgetId: z.string() }),
        response: { 200: publicAvailability.describe('Whether the widget is online, in SnapEngage\'s envelope.'), 404: publicError.describe('No such widget.') },
      },
    },
    async (request, reply) => {
      const widget = findWidget(request.params.widgetId);
      if (!widget) return reply.code(404).send({ statusCode: 404, error: { message: `widget ${request.params.widgetId} not found` } });
      return { statusCode: 200 as const, data: visitors.availability(widget) };
    },
  );

  app.get(
    '/statusImage',
    {
      schema: {
        tags,
        security: [],
        operationId: 'getStatusImage',
        summary: 'A small online or offline image for a page (no key)',
        description: 'A 16x16 PNG, green when the widget is online and grey when not; with `on`/`off`, a 302 to that image instead. An unknown widget is offline.',
        querystring: z.strictObject({ w: z.string().describe('The widget id.'), on: imageUrl.optional(), off: imageUrl.optional() }),
        produces: ['image/png'],
        // The PNG's bytes are sent as they are, never through the JSON serializer.
        response: {
          200: z.any().describe('A 16x16 PNG.'),
          302: z.null().describe('To the `on` or `off` image.'),
          400: errorEnvelopeSchema.describe('`w` is missing, or `on`/`off` is not an absolute http(s) URL.'),
        },
      },
    },
    async (request, reply) => {
      const widget = findWidget(request.query.w);
      const online = widget !== undefined && visitors.availability(widget).online === 'true';
      const target = online ? request.query.on : request.query.off;
      reply.header('cache-control', 'no-store');
      if (target) return reply.redirect(target, 302);
      return reply.type('image/png').send(online ? IMAGES.online : IMAGES.offline);
    },
  );
};
