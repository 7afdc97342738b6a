// Password storage: a salted HMAC-SHA-256 under a key that only this process holds; the scrypt hashes that earlier
// versions stored still verify. The hash never leaves the database.
import { createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords are hashed only so that none can be read back from a sandbox's store (a CI artifact, a volume, a copy
 * attached to a bug report): nothing ever logs in with them. scrypt made that cost ~3 ms of CPU and a trip through
 * libuv's thread pool per user, the slowest call of a test's setup, and still let anyone holding the file try
 * guesses offline, which the short passwords tests use do not survive at any cost setting. A keyed hash whose key is
 * drawn when the process starts and never written anywhere costs ~2 us and leaves nothing in the store to guess
 * against: the hash is a random-looking value to everyone but this process. The price: only the process that wrote a
 * hash can check it (the mock itself never does).
 */
const KEY = randomBytes(32);
const HMAC = 'hmac-sha256';
const SALT_BYTES = 16;

const mac = (password: string, salt: Buffer): Buffer => createHmac('sha256', KEY).update(salt).update(password, 'utf8').digest();

/** `hmac-sha256$salt$mac` (base64). The salt keeps two users with one password from sharing a hash. */
export function hashPassword(password: string): string {
  const salt = randomBytes(SALT_BYTES);
  return [HMAC, salt.toString('base64'), mac(password, salt).toString('base64')].join('$');
}

function scrypt(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))));
}

const equal = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);

/**
 * Whether `password` is the one `stored` was made from: an HMAC of this process, or a `scrypt$N$r$p$salt$hash` of an
 * earlier version (they carry their own parameters). An HMAC written by another process never verifies.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts[0] === HMAC && parts.length === 3) return equal(mac(password, Buffer.from(parts[1]!, 'base64')), Buffer.from(parts[2]!, 'base64'));
  const [scheme, n, r, p, salt, hash] = parts;
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  return equal(await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) }), expected);
}
