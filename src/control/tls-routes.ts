// GET /_mock/tls/ca.pem: the development CA, so a client can trust the https listener (curl --cacert, NODE_EXTRA_CA_CERTS).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, errorEnvelopeSchema } from '../core/errors.js';
import type { TlsMaterial } from '../tls/material.js';
import { controlTags } from '../http/control-schemas.js';

export const tlsRoutes: FastifyPluginAsyncZod<{ tls: TlsMaterial | undefined }> = async (app, { tls }) => {
  app.get(
    '/tls/ca.pem',
    {
      schema: {
        tags: controlTags,
        operationId: 'getTlsCa',
        summary: "The CA of the https listener's development certificate",
        description:
          'No api_key needed: a CA certificate is public. PEM, generated at the first start and kept beside the database (TLS_DIR). ' +
          '404 when HTTPS_PORT=off, or when the certificate was given (TLS_CERT): the mock holds no CA then.',
        security: [],
        // One media type per route for @fastify/swagger: the 404's JSON envelope is listed under it too.
        produces: ['application/x-pem-file'],
        response: {
          200: z.string().describe('The CA certificate, PEM.'),
          404: errorEnvelopeSchema.describe('`no_tls_ca`: HTTPS is off, or TLS_CERT was given.'),
        },
      },
    },
    async (_request, reply) => {
      if (!tls) throw new AppError(404, 'no_tls_ca', 'HTTPS is off (HTTPS_PORT=off): there is no CA to serve');
      if (!tls.ca) throw new AppError(404, 'no_tls_ca', 'the https certificate was given (TLS_CERT): the mock holds no CA for it; ask whoever issued it');
      return reply.type('application/x-pem-file').send(tls.ca);
    },
  );
};
