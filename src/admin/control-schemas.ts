// What every /_mock control route shares: its OpenAPI tag, the api_key query, and the error responses.
import { z } from 'zod';
import { errorEnvelopeSchema } from '../errors.js';

export const CONTROL_TAG = 'mock: control';
export const controlTags = [CONTROL_TAG];

export const controlApiKey = z.string().describe('The api_key whose data, journal or faults this call is about.');

export const controlErrors = {
  400: errorEnvelopeSchema.describe('Invalid parameter or body: `details` names each field and rule.'),
  401: errorEnvelopeSchema.describe('Missing or unknown api_key.'),
};
