// The certificate the https listener serves: the TLS_CERT/TLS_KEY files when given, else the development CA and server
// certificate, generated at the first start, kept beside the database (TLS_DIR) and reused, so clients trust it once.
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { dirname, join } from 'node:path';
import { BootError } from '../core/boot-error.js';
import { ConfigError, type Config } from '../core/config.js';
import { GITIGNORE, describeFailure, makeFolder } from '../core/make-folder.js';
import { issueDevelopmentSet, issueServerCertificate, newRsaKey, type Issued } from './generate.js';

export interface TlsMaterial {
  /** The server certificate (PEM, a chain when TLS_CERT holds one) and its private key. */
  cert: string;
  key: string;
  /** The CA certificate clients trust (PEM); undefined when TLS_CERT was given (the mock holds no CA then). */
  ca: string | undefined;
  /** The file of `ca`, for `curl --cacert`; undefined when given, or kept in memory (DATABASE_PATH=:memory: without TLS_DIR). */
  caPath: string | undefined;
  /** given: TLS_CERT/TLS_KEY; generated: at this start; reused: from TLS_DIR; renewed: the CA reused, the server certificate issued again. */
  source: 'given' | 'generated' | 'reused' | 'renewed' | 'memory';
}

const ALWAYS = ['localhost', '127.0.0.1', '::1'];
const UNSPECIFIED = new Set(['0.0.0.0', '::']);
/** A server certificate this close to its end is issued again at start. */
const RENEW_BEFORE_MS = 30 * 24 * 60 * 60 * 1000;

/** The names the generated certificate covers: the loopback names, HOST when it names one interface, TLS_HOSTS. */
export function tlsHosts(config: Pick<Config, 'HOST' | 'TLS_HOSTS'>): string[] {
  const host = config.HOST.toLowerCase().replace(/^\[|\]$/g, '');
  return [...new Set([...ALWAYS, ...(UNSPECIFIED.has(host) ? [] : [host]), ...config.TLS_HOSTS])];
}

/** TLS_DIR, else `tls/` beside the database file; undefined for an in-memory database (kept in memory). */
export function tlsDir(config: Pick<Config, 'TLS_DIR' | 'DATABASE_PATH'>): string | undefined {
  if (config.TLS_DIR) return config.TLS_DIR;
  return config.DATABASE_PATH === ':memory:' ? undefined : join(dirname(config.DATABASE_PATH), 'tls');
}

function pemBlocks(text: string, label: RegExp): string[] {
  const re = new RegExp(`-----BEGIN (${label.source})-----[\\s\\S]+?-----END \\1-----`, 'g');
  return [...text.matchAll(re)].map((m) => `${m[0]}\n`);
}

function readGiven(what: 'TLS_CERT' | 'TLS_KEY', path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${what}=${path}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

function fromFiles(certPath: string, keyPath: string): TlsMaterial {
  const cert = readGiven('TLS_CERT', certPath);
  const key = readGiven('TLS_KEY', keyPath);
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch {
    throw new ConfigError(`TLS_CERT=${certPath}: not a PEM certificate`);
  }
  let matches: boolean;
  try {
    matches = leaf.checkPrivateKey(createPrivateKey(key));
  } catch {
    throw new ConfigError(`TLS_KEY=${keyPath}: not a PEM private key (an encrypted key is not supported)`);
  }
  if (!matches) throw new ConfigError(`TLS_KEY=${keyPath} is not the private key of TLS_CERT=${certPath}`);
  return { cert, key, ca: undefined, caPath: undefined, source: 'given' };
}

/**
 * Whether a host of tlsHosts() (a name or an address, as config.ts validated it) is an IP address. Not net.isIP: the
 * first use of its IPv6 pattern compiles it, 15-30 ms of every start here; a host name never holds a colon.
 */
const isAddress = (host: string): boolean => isIPv4(host) || host.includes(':');

/** Whether `server` is signed by `ca`, holds `key`, covers every host and is not near its end. */
function serverFits(server: Issued, ca: X509Certificate, hosts: readonly string[]): boolean {
  try {
    const cert = new X509Certificate(server.cert);
    const sans = new Set((cert.subjectAltName ?? '').split(', '));
    return (
      cert.checkIssued(ca) &&
      cert.verify(ca.publicKey) &&
      cert.checkPrivateKey(createPrivateKey(server.key)) &&
      Date.parse(cert.validTo) - Date.now() > RENEW_BEFORE_MS &&
      hosts.every((h) => (isAddress(h) ? cert.checkIP(h) !== undefined : sans.has(`DNS:${h}`)))
    );
  } catch {
    return false;
  }
}

/** Writes `text` to `path` by renaming a finished file over it, so a reader never sees half of it. */
function writeAtomically(path: string, text: string, mode: number, setting: string): void {
  const staged = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(staged, text, { mode });
    renameSync(staged, path);
  } catch (err) {
    throw cannotWrite(setting, err);
  } finally {
    rmSync(staged, { force: true });
  }
}

const cannotWrite = (setting: string, err: unknown) =>
  new BootError(`${setting}: cannot write the development certificate there (${describeFailure(err)}); make the folder writable by this user, or point TLS_DIR at another folder`);

/**
 * The folder to keep the development set in, checked before anything is written: TLS_DIR itself, or the folder a
 * symbolic link at TLS_DIR leads to (the set replaces it when it is empty, and the link keeps working). Missing: it is
 * created. A file, a link to nothing or to a file, a link that loops: a BootError naming TLS_DIR.
 */
function folderOf(dir: string, setting: string): string {
  const fail = (why: string) => new BootError(`${setting}: ${why}; point TLS_DIR at a folder (it is created when missing)`);
  let entry;
  try {
    entry = lstatSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return dir;
    throw fail(`cannot be used (${describeFailure(err)})`);
  }
  if (entry.isDirectory()) return dir;
  if (!entry.isSymbolicLink()) throw fail('is a file, not a folder');
  const target = readlinkSync(dir);
  try {
    if (!statSync(dir).isDirectory()) throw fail(`is a symbolic link to ${target}, which is a file, not a folder`);
  } catch (err) {
    if (err instanceof BootError) throw err;
    const { code } = err as NodeJS.ErrnoException;
    if (code === 'ENOENT') throw fail(`is a symbolic link to ${target}, which does not exist`);
    throw fail(`is a symbolic link to ${target}, which cannot be followed (${describeFailure(err)})`);
  }
  return realpathSync(dir);
}

const files = (dir: string) => ({ ca: join(dir, 'ca.pem'), caKey: join(dir, 'ca-key.pem'), server: join(dir, 'server.pem'), gitignore: join(dir, '.gitignore') });

/** The first start writes the whole folder under another name and renames it into place: two mocks starting together
 * on one folder then agree on one CA (the loser of the rename reads the winner's). */
async function createDir(dir: string, hosts: readonly string[], setting: string): Promise<boolean> {
  const { ca, server } = await issueDevelopmentSet(hosts);
  // One level at a time: a recursive mkdir spins forever under /proc.
  makeFolder(dirname(dir), setting, { ignoredByGit: true });
  // A folder that is there (empty, or the target of a link) is the user's: it gets the files and nothing else.
  const creatingIt = !existsSync(dir);
  const staged = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    mkdirSync(staged, { mode: 0o700 });
    const f = files(staged);
    writeFileSync(f.ca, ca.cert, { mode: 0o644 });
    writeFileSync(f.caKey, ca.key, { mode: 0o600 });
    writeFileSync(f.server, server.cert + server.key, { mode: 0o600 });
    // The CA's private key is the one secret here: kept out of git even where the data folder was not the mock's.
    if (creatingIt) writeFileSync(f.gitignore, GITIGNORE, { mode: 0o644 });
    renameSync(staged, dir);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw cannotWrite(setting, err);
  } finally {
    // Whatever the outcome, no half-written copy is left beside the folder.
    rmSync(staged, { recursive: true, force: true });
  }
}

async function fromDir(dir: string, hosts: readonly string[], setting: string, afterCreate = false): Promise<TlsMaterial> {
  const f = files(dir);
  let caPem: string;
  try {
    caPem = readFileSync(f.ca, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new BootError(`${setting}: cannot read ca.pem (${describeFailure(err)}); make the folder readable by this user, or point TLS_DIR at another folder`);
    if (afterCreate) throw new ConfigError(`${setting} holds other files but no ca.pem: name a new or empty folder`);
    const created = await createDir(folderOf(dir, setting), hosts, setting);
    const material = await fromDir(dir, hosts, setting, true);
    return created ? { ...material, source: 'generated' } : material;
  }
  const broken = (why: string) => new ConfigError(`${setting}: ${why}; delete the folder to generate a new CA (clients must then trust the new ca.pem)`);
  let ca: X509Certificate;
  let caKey: string;
  try {
    ca = new X509Certificate(caPem);
    caKey = readFileSync(f.caKey, 'utf8');
    if (!ca.checkPrivateKey(createPrivateKey(caKey))) throw new Error('mismatch');
  } catch {
    throw broken('ca.pem and ca-key.pem are not a readable certificate and its key');
  }
  if (Date.parse(ca.validTo) <= Date.now() + RENEW_BEFORE_MS) throw broken(`the CA ends ${ca.validTo}`);
  let text = '';
  try {
    text = readFileSync(f.server, 'utf8');
  } catch {
    // Missing or unreadable: issued again below.
  }
  const server = { cert: pemBlocks(text, /CERTIFICATE/)[0] ?? '', key: pemBlocks(text, /PRIVATE KEY/)[0] ?? '' };
  if (serverFits(server, ca, hosts)) return { ...server, ca: caPem, caPath: f.ca, source: 'reused' };
  // New TLS_HOSTS, or near its end: the trusted CA signs a new server certificate.
  const renewed = issueServerCertificate({ cert: caPem, key: caKey }, hosts, await newRsaKey());
  writeAtomically(f.server, renewed.cert + renewed.key, 0o600, setting);
  return { ...renewed, ca: caPem, caPath: f.ca, source: 'renewed' };
}

/** In-memory sets, per process and host list: the in-process harness pays for the keys once, not at every start. */
const inMemory = new Map<string, Promise<TlsMaterial>>();

function fromMemory(hosts: readonly string[]): Promise<TlsMaterial> {
  const id = hosts.join(',');
  let material = inMemory.get(id);
  if (!material) {
    material = issueDevelopmentSet(hosts).then(({ ca, server }) => ({ ...server, ca: ca.cert, caPath: undefined, source: 'memory' as const }));
    material.catch(() => inMemory.delete(id));
    inMemory.set(id, material);
  }
  return material;
}

/** What the https listener serves (call it only when HTTPS_PORT is not off). */
export async function loadTlsMaterial(config: Config): Promise<TlsMaterial> {
  if (config.TLS_CERT !== undefined && config.TLS_KEY !== undefined) return fromFiles(config.TLS_CERT, config.TLS_KEY);
  const hosts = tlsHosts(config);
  const dir = tlsDir(config);
  if (dir === undefined) return fromMemory(hosts);
  folderOf(dir, tlsSetting(config));
  return fromDir(dir, hosts, tlsSetting(config));
}

/** How a message names where the certificate comes from: TLS_CERT, or TLS_DIR (said to be the default when it is). */
export function tlsSetting(config: Pick<Config, 'TLS_CERT' | 'TLS_DIR' | 'DATABASE_PATH'>): string {
  if (config.TLS_CERT !== undefined) return `TLS_CERT=${config.TLS_CERT}`;
  const dir = tlsDir(config);
  if (dir === undefined) return 'TLS_DIR (unset: kept in memory)';
  return config.TLS_DIR ? `TLS_DIR=${dir}` : `TLS_DIR=${dir} (the default: tls/ beside DATABASE_PATH)`;
}

/**
 * After a start that failed: removes the development set it generated, so it leaves no tls/ behind (a set it reused or
 * renewed is kept: clients may trust its CA). A symbolic link at TLS_DIR keeps the folder it leads to.
 */
export function removeGenerated(material: TlsMaterial): void {
  if (material.source !== 'generated' || material.caPath === undefined) return;
  const dir = dirname(material.caPath);
  for (const file of Object.values(files(dir))) rmSync(file, { force: true });
  try {
    if (lstatSync(dir).isDirectory()) rmdirSync(dir);
  } catch {
    // Something else was put there meanwhile: it stays.
  }
}
