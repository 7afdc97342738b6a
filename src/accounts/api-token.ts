// The API-token check every orgId-scoped call shares (the Logs API; uploaded files): sets request.partner and request.account.
import type { FastifyRequest } from 'fastify';
import { forbidden } from '../core/errors.js';
import type { Account } from './accounts-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The organization the Authorization header's API token opened; set by requireApiToken. */
    account: Account | null;
  }
}

/**
 * 401 without a valid `Authorization: <API token>`, then 403 without an orgId (only a query parameter can be missing),
 * 404 for an unknown orgId, 403 for another organization's. The request is attributed to the token's partner before the
 * orgId is checked, so a refused call is journaled (and matched by that partner's fault rules) like an accepted one.
 */
export function requireApiToken(request: FastifyRequest, orgId: string | undefined): Account {
  const { accounts } = request.server.ctx;
  const account = accounts.identify(request.headers.authorization);
  request.partner = account.partner;
  if (orgId === undefined || orgId === '') {
    throw forbidden('missing_org_id', 'the orgId query parameter is required: add ?orgId=<your Organization ID> (GET /_mock/users/{email}/api-credentials shows it)');
  }
  accounts.authorize(account, orgId);
  request.account = account;
  return account;
}
