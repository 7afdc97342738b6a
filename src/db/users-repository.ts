// The users table: prepared statements and the row <-> object mapping.
import type { Db } from './open.js';

export interface User {
  id: number;
  partner: string;
  email: string;
  name: string;
  phone: string | null;
  accountType: string;
  passwordHash: string;
  /** The organization id SnapEngage's "My Account" shows: a string of digits, stable for the account's life. */
  orgId: string;
  /** The account's API token (Logs API, uploaded files). A secret: only GET /_mock/users/{email}/api-credentials shows it. */
  apiToken: string;
  createdAt: number;
  updatedAt: number;
}

interface UserRow {
  id: number;
  partner: string;
  email: string;
  name: string;
  phone: string | null;
  account_type: string;
  password_hash: string;
  org_id: string;
  api_token: string;
  created_at: number;
  updated_at: number;
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  partner: row.partner,
  email: row.email,
  name: row.name,
  phone: row.phone,
  accountType: row.account_type,
  passwordHash: row.password_hash,
  orgId: row.org_id,
  apiToken: row.api_token,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export type NewUser = Omit<User, 'id'>;

/** What a read of the account shows, and whose it is: the columns GET /api/v1/user.json needs, nothing more. */
export type UserProfile = Pick<User, 'partner' | 'email' | 'name' | 'phone' | 'accountType'>;

/** Which UNIQUE column refused an insert. */
export type TakenColumn = 'email' | 'orgId' | 'apiToken';

export class UsersRepository {
  readonly #byEmail;
  readonly #profileByEmail;
  readonly #insert;
  readonly #update;
  readonly #delete;
  readonly #byOrgId;
  readonly #byApiToken;
  readonly #setApiToken;
  readonly #byPartner;

  constructor(db: Db) {
    this.#byEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?');
    // Five columns, not eleven: building the row object was a third of the read (the password hash is a long string).
    this.#profileByEmail = db.prepare<[string], UserProfile>(
      'SELECT partner, email, name, phone, account_type AS accountType FROM users WHERE email = ?',
    );
    this.#insert = db.prepare(
      `INSERT INTO users (partner, email, name, phone, account_type, password_hash, org_id, api_token, created_at, updated_at)
       VALUES (@partner, @email, @name, @phone, @accountType, @passwordHash, @orgId, @apiToken, @createdAt, @updatedAt)`,
    );
    this.#update = db.prepare(
      `UPDATE users SET name = @name, phone = @phone, account_type = @accountType,
         password_hash = @passwordHash, updated_at = @updatedAt WHERE id = @id`,
    );
    this.#delete = db.prepare('DELETE FROM users WHERE id = ?');
    this.#byOrgId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE org_id = ?');
    this.#byApiToken = db.prepare<[string], UserRow>('SELECT * FROM users WHERE api_token = ?');
    this.#setApiToken = db.prepare('UPDATE users SET api_token = ?, updated_at = ? WHERE id = ?');
    this.#byPartner = db.prepare<[string, number], UserRow>('SELECT * FROM users WHERE partner = ? ORDER BY id LIMIT ?');
  }

  findByOrgId(orgId: string): User | undefined {
    const row = this.#byOrgId.get(orgId);
    return row && toUser(row);
  }

  findByApiToken(apiToken: string): User | undefined {
    const row = this.#byApiToken.get(apiToken);
    return row && toUser(row);
  }

  /** False when another account holds the token already (UNIQUE). */
  setApiToken(id: number, apiToken: string, updatedAt: number): boolean {
    try {
      return this.#setApiToken.run(apiToken, updatedAt, id).changes === 1;
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
      throw err;
    }
  }

  findByEmail(email: string): User | undefined {
    const row = this.#byEmail.get(email);
    return row && toUser(row);
  }

  findProfileByEmail(email: string): UserProfile | undefined {
    return this.#profileByEmail.get(email);
  }

  /**
   * Returns the column whose value is taken (the UNIQUE constraints decide, so racing creates cannot both win):
   * the email, or an orgId or API token another account holds.
   */
  insert(user: NewUser): User | { taken: TakenColumn } {
    try {
      const { lastInsertRowid } = this.#insert.run(user);
      return { ...user, id: Number(lastInsertRowid) };
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
      const message = (err as Error).message;
      return { taken: message.includes('users.org_id') ? 'orgId' : message.includes('users.api_token') ? 'apiToken' : 'email' };
    }
  }

  update(user: User): void {
    this.#update.run(user);
  }

  delete(id: number): void {
    this.#delete.run(id);
  }

  /** A partner's users, oldest first (the inspector's accounts view). */
  listByPartner(partner: string, limit: number): User[] {
    return this.#byPartner.all(partner, limit).map(toUser);
  }
}
