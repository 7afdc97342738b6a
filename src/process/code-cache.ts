// The V8 code cache of the CLI bundle (see cli-launcher.ts): where it is kept, and the checks that keep a damaged or
// foreign one from ever being handed to V8.
//
// V8 deserializes whatever cachedData it is given once a short header passes (version, flags, source length): a
// payload changed further in (64 bytes flipped, a tail zeroed by a power loss) is run as it is, and the process dies
// with SIGTRAP or SIGSEGV at every start. So each file carries a digest of its payload, and of what it was made for,
// and is checked before V8 sees it; one that fails is deleted, and the start that follows writes a new one.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `cli-<path>-<content>-<node>-<arch>.bin`: the first two are the start of the SHA-256 of the bundle's path and key. */
const NAME = /^cli-([0-9a-f]{16})-[0-9a-f]{16}-(v[^-]+-[^-]+)\.bin$/;
/** The single hash of earlier versions, which carried no digest: never read, removed at the next save. */
const UNCHECKED = /^cli-[0-9a-f]{16}-v[^-]+-[^-]+\.bin$/;
/** Staged by a save, renamed into place when complete; a killed save leaves one behind. */
const STAGED = /^cli-.*\.tmp$/;
/** The file's header: a magic number, then the SHA-256 of what the cache is for, then the SHA-256 of the payload. */
const MAGIC = Buffer.from('snapengage-mock code cache 1\n');
const HEADER = MAGIC.length + 64;

const sha256 = (...parts: Array<string | Buffer>): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest();
};

export interface CodeCache {
  /** The payload for vm.Script's cachedData; undefined when there is none, or it failed its checks (then deleted). */
  readonly data: Buffer | undefined;
  /** Writes `payload` for the next start, replacing this bundle's earlier caches; a failure only costs that start time. */
  save(payload: Buffer): void;
}

/**
 * The code cache of the bundle at `bundlePath` whose text is `source`; undefined when caching is off or no private
 * folder is at hand. A cache is kept per bundle path as well as per content: two copies of one build (two checkouts,
 * two installs) each have their own, so neither runs with the other's file names in its stack traces.
 */
export function openCodeCache(bundlePath: string, source: string): CodeCache | undefined {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const uid = process.getuid?.();
  const dir = process.env.NODE_COMPILE_CACHE || join(tmpdir(), `snapengage-mock-compile-cache${uid === undefined ? '' : `-${uid}`}`);
  if (!privateFolder(dir, uid)) return undefined;
  const key = sha256(bundlePath, source, process.version, process.arch);
  const pathId = sha256(bundlePath).toString('hex').slice(0, 16);
  const name = `cli-${pathId}-${key.toString('hex').slice(0, 16)}-${process.version}-${process.arch}.bin`;
  const file = join(dir, name);
  return { data: readChecked(file, key), save: (payload) => save(dir, name, key, payload) };
}

/**
 * V8 runs whatever a code cache holds, so the cache is only read from (and written to) a folder that nobody else can
 * write into: this user's, not writable by its group or others. Under the shared temporary folder another user could
 * otherwise plant a file there first. Where there are no uids (Windows) the temporary folder is the user's own.
 */
function privateFolder(dir: string, uid: number | undefined): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const folder = statSync(dir);
    return folder.isDirectory() && (uid === undefined || (folder.uid === uid && (folder.mode & 0o022) === 0));
  } catch {
    return false;
  }
}

/** The payload of `file` if its header says it was made for `key` and its digest matches; a file that fails is deleted. */
function readChecked(file: string, key: Buffer): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const payload = bytes.subarray(HEADER);
  const fits =
    bytes.length > HEADER &&
    bytes.subarray(0, MAGIC.length).equals(MAGIC) &&
    bytes.subarray(MAGIC.length, MAGIC.length + 32).equals(key) &&
    bytes.subarray(MAGIC.length + 32, HEADER).equals(createHash('sha256').update(payload).digest());
  if (fits) return payload;
  rmSync(file, { force: true });
  return undefined;
}

function save(dir: string, name: string, key: Buffer, payload: Buffer): void {
  const [, pathId, runtime] = NAME.exec(name)!;
  const staged = join(dir, `${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // The header and the payload go in one file renamed into place: a reader sees a whole cache or none.
    writeFileSync(staged, Buffer.concat([MAGIC, key, createHash('sha256').update(payload).digest(), payload]), { mode: 0o600 });
    renameSync(staged, join(dir, name));
    // What this bundle path's earlier builds left (1.2 MB each), unchecked caches of earlier versions, and files a
    // killed save staged. Removing one that another start is staging at this moment only fails that start's save.
    for (const other of readdirSync(dir)) {
      const cache = NAME.exec(other);
      const stale = cache ? cache[1] === pathId && cache[2] === runtime && other !== name : UNCHECKED.test(other) || STAGED.test(other);
      if (stale) rmSync(join(dir, other), { force: true });
    }
  } catch {
    // A read-only or full folder: the next start compiles again.
  } finally {
    rmSync(staged, { force: true });
  }
}
