// The error statuses every provisioning route documents, all in the one envelope.
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { errorEnvelopeSchema } from '../core/errors.js';

/** DELETE answers 200 with an empty body, as documented. */
export const noPayload = z.null().describe('Deleted; no response payload.');

export const errorResponses = {
  400: errorEnvelopeSchema.describe('Invalid parameter or body: `details` names each field and rule.'),
  401: errorEnvelopeSchema.describe('Missing or unknown api_key.'),
  403: errorEnvelopeSchema.describe('The record belongs to another api_key, or the email does not own the widget.'),
  404: errorEnvelopeSchema.describe('No such user or widget (for this api_key).'),
  409: errorEnvelopeSchema.describe('A user with this email already exists (emails are logins, unique across keys).'),
};

export const sendEmpty = (reply: FastifyReply): FastifyReply => reply.code(200).send();
