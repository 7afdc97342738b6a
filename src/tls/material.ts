// The certificate the https listener serves: the TLS_CERT/TLS_KEY files when given, else the development CA and server
// certificate, generated at the first start, kept beside the database (TLS_DIR) and reused, so clients trust it once.
import { createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { dirname, join } from 'node:path';
import { ConfigError, type Config } from '../core/config.js';
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
function writeAtomically(path: string, text: string, mode: number): void {
  const staged = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(staged, text, { mode });
  renameSync(staged, path);
}

const files = (dir: string) => ({ ca: join(dir, 'ca.pem'), caKey: join(dir, 'ca-key.pem'), server: join(dir, 'server.pem') });

/** The first start writes the whole folder under another name and renames it into place: two mocks starting together
 * on one folder then agree on one CA (the loser of the rename reads the winner's). */
async function createDir(dir: string, hosts: readonly string[]): Promise<boolean> {
  const { ca, server } = await issueDevelopmentSet(hosts);
  mkdirSync(dirname(dir), { recursive: true });
  const staged = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  mkdirSync(staged, { mode: 0o700 });
  const f = files(staged);
  writeFileSync(f.ca, ca.cert, { mode: 0o644 });
  writeFileSync(f.caKey, ca.key, { mode: 0o600 });
  writeFileSync(f.server, server.cert + server.key, { mode: 0o600 });
  try {
    renameSync(staged, dir);
    return true;
  } catch (err) {
    rmSync(staged, { recursive: true, force: true });
    if ((err as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

async function fromDir(dir: string, hosts: readonly string[], afterCreate = false): Promise<TlsMaterial> {
  const f = files(dir);
  let caPem: string;
  try {
    caPem = readFileSync(f.ca, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    if (afterCreate) throw new ConfigError(`TLS_DIR=${dir} holds other files but no ca.pem: name a new or empty folder`);
    const created = await createDir(dir, hosts);
    const material = await fromDir(dir, hosts, true);
    return created ? { ...material, source: 'generated' } : material;
  }
  const broken = (why: string) => new ConfigError(`TLS_DIR=${dir}: ${why}; delete the folder to generate a new CA (clients must then trust the new ca.pem)`);
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
  writeAtomically(f.server, renewed.cert + renewed.key, 0o600);
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
  return fromDir(dir, hosts);
}
