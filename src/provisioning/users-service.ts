// The user rules of the Provisioning API: uniqueness across partners, templates, partner visibility, password hashing.
import type { Clock } from '../core/clock.js';
import { badRequest, conflict, forbidden, notFound } from '../core/errors.js';
import type { User, UserProfile, UsersRepository } from '../db/users-repository.js';
import { newApiToken, newOrgId, type PinnedCredentials } from '../accounts/credentials.js';
import { hashPassword } from './password.js';
import type { UserCreate, UserUpdate } from './schemas.js';

export type UserView = { full: true; user: UserProfile } | { full: false; email: string };

export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly clock: Clock,
  ) {}

  /** Every account is an organization: it gets an orgId and an API token, random unless `pinned` (fixtures) names them. */
  create(partner: string, body: UserCreate, pinned: PinnedCredentials = {}): User {
    const email = body.email.toLowerCase();
    let accountType: string | undefined = body.accountType;
    if (body.templateId !== undefined) {
      // The template's accountType wins, as documented; templates of other partners do not exist for this key.
      const template = this.users.findByEmail(body.templateId.toLowerCase());
      if (!template || template.partner !== partner) {
        throw badRequest('templateId', 'exists', `templateId "${body.templateId}" is not a user of this api_key`);
      }
      accountType = template.accountType;
    } else if (accountType === undefined) {
      throw badRequest('accountType', 'required', 'accountType is required (or pass templateId)');
    }
    // No look for the email first: the UNIQUE constraint decides, and the hash costs too little to spare.
    const passwordHash = hashPassword(body.password);
    const now = this.clock.now(partner);
    // A random orgId or token that collides is drawn again; a pinned one that collides is the caller's to fix.
    for (let draw = 0; ; draw++) {
      const inserted = this.users.insert({
        partner,
        email,
        name: body.name,
        phone: body.phone ?? null,
        accountType: accountType!,
        passwordHash,
        orgId: pinned.orgId ?? newOrgId(),
        apiToken: pinned.apiToken ?? newApiToken(),
        createdAt: now,
        updatedAt: now,
      });
      if (!('taken' in inserted)) return inserted;
      if (inserted.taken === 'email') throw this.#exists(email);
      if (pinned[inserted.taken] !== undefined || draw >= 5) {
        throw conflict('credentials_taken', `${inserted.taken} is already used by another account`, inserted.taken);
      }
    }
  }

  /** The owner partner sees the account; any other key only learns that it exists. */
  get(partner: string, rawEmail: string): UserView {
    const email = rawEmail.toLowerCase();
    const user = this.users.findProfileByEmail(email);
    if (!user) throw notFound('user_not_found', `no user with email ${email}`);
    return user.partner === partner ? { full: true, user } : { full: false, email: user.email };
  }

  update(partner: string, body: UserUpdate): User {
    // Read-modify-write with no await in between: on one connection nothing can interleave.
    const user = this.#own(partner, body.email);
    const passwordHash = body.password === undefined ? undefined : hashPassword(body.password);
    const updated: User = {
      ...user,
      name: body.name,
      phone: body.phone === undefined ? user.phone : body.phone,
      accountType: body.accountType ?? user.accountType,
      passwordHash: passwordHash ?? user.passwordHash,
      updatedAt: this.clock.now(partner),
    };
    this.users.update(updated);
    return updated;
  }

  /** Deleting an account deletes its widgets too (see the fidelity notes). */
  delete(partner: string, rawEmail: string): void {
    this.users.delete(this.#own(partner, rawEmail).id);
  }

  /** The user behind an email, for a write by `partner`; 404 or 403 otherwise. */
  ownedUser(partner: string, rawEmail: string): User {
    return this.#own(partner, rawEmail);
  }

  #find(rawEmail: string): User {
    const email = rawEmail.toLowerCase();
    const user = this.users.findByEmail(email);
    if (!user) throw notFound('user_not_found', `no user with email ${email}`);
    return user;
  }

  #own(partner: string, rawEmail: string): User {
    const user = this.#find(rawEmail);
    if (user.partner !== partner) {
      throw forbidden('other_partner', `user ${user.email} belongs to another api_key and cannot be changed with this one`);
    }
    return user;
  }

  #exists(email: string) {
    return conflict('user_exists', `a user with email ${email} already exists`, 'email');
  }
}
