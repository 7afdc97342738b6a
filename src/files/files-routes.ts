// GET /api/v2/files/{fileId}/{name}: an uploaded file, as SnapEngage serves one to a receiving system: https only,
// `orgId` query parameter of the owning organization, `Authorization: <API token>` of that organization.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireApiToken } from '../accounts/api-token.js';
import { errorEnvelopeSchema, forbidden } from '../core/errors.js';
import { firstQueryValues } from '../http/first-query-value.js';
import { arrivedOverTls } from '../http/over-tls.js';

export const FILES_TAG = 'files';

const params = z.strictObject({
  fileId: z.string().max(64).describe('From the link in the transcript line.'),
  name: z.string().max(300).describe('The file name, as in the link.'),
});

// Loose: a client may add its own parameters (a cache buster); orgId is checked by hand, after the token, for its 403.
const query = z.looseObject({ orgId: z.string().max(64).optional().describe('The Organization ID of the file\'s organization. Required.') });

/** `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266). */
const contentDisposition = (name: string): string =>
  `attachment; filename="${name.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

export const filesApi: FastifyPluginAsyncZod = async (app) => {
  const { files } = app.ctx;

  app.get(
    '/files/:fileId/:name',
    {
      schema: {
        tags: [FILES_TAG],
        operationId: 'downloadFile',
        summary: 'Download a file uploaded during a chat (the link in its transcript line)',
        description:
          'As SnapEngage\'s Integration API page requires: https only (the https listener, HTTPS_PORT), the `orgId` query parameter with the Organization ID, and the header `Authorization: <API token>` (raw, no scheme). The body is the stored bytes with the stored Content-Type, `Content-Disposition: attachment` with the name, `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox; default-src \'none\'`. Checked in this order: https (403 `https_required`), token (401), orgId (403 `missing_org_id`, 403 `other_org`, 404 `org_not_found`), file (404 `file_not_found`, also for another organization\'s file).',
        security: [{ apiToken: [] }],
        params,
        querystring: query,
        produces: ['application/octet-stream'],
        response: {
          // Any bytes: a Buffer is sent as is, never through the JSON serializer.
          200: z.any().describe('The stored bytes, with the stored Content-Type.'),
          401: errorEnvelopeSchema.describe('No Authorization header (`missing_api_token`), or no account has that token (`invalid_api_token`).'),
          403: errorEnvelopeSchema.describe('Over plain http (`https_required`), without orgId (`missing_org_id`), or the token belongs to another organization (`other_org`).'),
          404: errorEnvelopeSchema.describe('No organization has this orgId (`org_not_found`), or it has no such file (`file_not_found`).'),
        },
      },
      preValidation: firstQueryValues,
      preHandler: async (request) => {
        if (!arrivedOverTls(request)) {
          throw forbidden('https_required', 'https is required: uploaded files are served over https only; GET this link on the mock\'s https listener (HTTPS_PORT)');
        }
        requireApiToken(request, request.query.orgId);
      },
    },
    async (request, reply) => {
      const file = files.open(request.account!, request.params.fileId, request.params.name);
      return reply
        .type(file.contentType)
        .header('content-disposition', contentDisposition(file.name))
        .header('cache-control', 'private, no-store')
        // The bytes and their type are the uploader's: a browser must neither guess another type (an "image" that is
        // HTML) nor run anything the file holds with the mock's origin.
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .send(file.bytes);
    },
  );
};
