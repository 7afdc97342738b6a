// An account's orgId and API token, as SnapEngage's "My Account" shows them: how they are made and what a pinned one may be.
import { randomBytes, randomInt } from 'node:crypto';
import { z } from 'zod';

/**
 * Real orgIds are long numeric strings (16 digits, like App Engine ids). Below 9e15 < 2^53, so a client that reads one
 * as a number still gets it exactly.
 */
export function newOrgId(): string {
  return `${randomInt(1, 9)}${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e6)).padStart(6, '0')}`;
}

/** 32 hex characters (128 random bits), the shape of SnapEngage's tokens. */
export function newApiToken(): string {
  return randomBytes(16).toString('hex');
}

export const orgIdSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,29}$/, 'orgId must be a string of 1-30 digits, not starting with 0')
  .describe('The organization id ("My Account"): digits only.');

export const apiTokenSchema = z
  .string()
  .min(32, 'apiToken must be at least 32 characters')
  .max(256, 'apiToken must be at most 256 characters')
  // Sent raw as an Authorization header value: visible ASCII, no spaces (a scheme such as "Bearer x" is not a token).
  .regex(/^[\x21-\x7e]+$/, 'apiToken must be visible ASCII characters without spaces')
  .describe('The API token ("My Account"): at least 32 visible ASCII characters. A secret.');

/** What a fixture may pin on a user; the rest is generated. */
export interface PinnedCredentials {
  orgId?: string;
  apiToken?: string;
}

export const credentialsResponse = z
  .object({
    orgId: z.string().describe('The organization id: the `{orgId}` of `/api/v2/{orgId}/logs` and the `orgId` parameter of uploaded-file links.'),
    apiToken: z.string().describe('The API token, sent raw as the `Authorization` header. Only this call shows it.'),
  })
  .meta({ id: 'ApiCredentials' });
