// Accounts as organizations: the orgId and API token a partner reads and rotates, and the token check of the Logs API
// (and of anything else SnapEngage opens with the same pair, such as uploaded files).
import type { Clock } from '../core/clock.js';
import type { User, UsersRepository } from '../db/users-repository.js';
import { forbidden, notFound, unauthorized } from '../core/errors.js';
import { newApiToken } from './credentials.js';

/** The organization a request's API token opened. */
export interface Account {
  userId: number;
  /** The partner (api_key fingerprint) that owns the account: journal, faults and reset go by it. */
  partner: string;
  email: string;
  orgId: string;
}

export interface Credentials {
  orgId: string;
  apiToken: string;
}

const accountOf = (user: User): Account => ({ userId: user.id, partner: user.partner, email: user.email, orgId: user.orgId });

const TOKEN_HELP = 'send the API token as the Authorization header, raw (no scheme such as Bearer); GET /_mock/users/{email}/api-credentials shows it';

export class AccountsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly clock: Clock,
  ) {}

  /** The account's orgId and token, for the partner that owns it; any other key gets the 404 an unknown email gets. */
  credentials(partner: string, email: string): Credentials {
    const user = this.#owned(partner, email);
    return { orgId: user.orgId, apiToken: user.apiToken };
  }

  /** A new token; the old one stops working with this call. */
  rotate(partner: string, email: string): Credentials {
    const user = this.#owned(partner, email);
    for (let draw = 0; ; draw++) {
      const apiToken = newApiToken();
      // 128 random bits: a collision is as good as impossible, but the UNIQUE index has the last word.
      if (this.users.setApiToken(user.id, apiToken, this.clock.now(partner))) return { orgId: user.orgId, apiToken };
      if (draw >= 5) throw new Error('could not draw an unused API token');
    }
  }

  /**
   * Who an `Authorization` header stands for: 401 when it is missing or no account's token. Separate from
   * `authorize` so a caller can attribute the request (journal, faults) before the orgId is checked: both are called
   * by requireApiToken (api-token.ts), the one check of every orgId-scoped call.
   */
  identify(authorization: string | string[] | undefined): Account {
    const token = Array.isArray(authorization) ? authorization[0] : authorization;
    if (token === undefined || token.trim() === '') throw unauthorized('missing_api_token', `an API token is required: ${TOKEN_HELP}`);
    const user = this.users.findByApiToken(token.trim());
    if (!user) {
      const scheme = /^\S+\s+\S/.test(token.trim()) ? ' (the header carries a scheme and a value; only the raw token is sent)' : '';
      throw unauthorized('invalid_api_token', `the API token is not valid${scheme}: ${TOKEN_HELP}`);
    }
    return accountOf(user);
  }

  /** The account may act for `orgId`: 403 when that is another organization, 404 when no organization has that id. */
  authorize(account: Account, orgId: string): void {
    if (account.orgId === orgId) return;
    if (this.users.findByOrgId(orgId)) throw forbidden('other_org', `the API token belongs to another organization than ${orgId}`);
    throw notFound('org_not_found', `no organization with orgId ${orgId}`);
  }

  #owned(partner: string, rawEmail: string): User {
    const email = rawEmail.toLowerCase();
    const user = this.users.findByEmail(email);
    if (!user || user.partner !== partner) throw notFound('user_not_found', `no user with email ${email} for this api_key`);
    return user;
  }
}
