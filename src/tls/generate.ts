// Issues the development certificates: a small local CA, and a server certificate it signs for the mock's host names.
// node-forge (zero dependencies, pure JavaScript) lays out the X.509 structures; the RSA keys are made and the
// signatures computed by node:crypto, natively: forge's own JavaScript RSA takes most of a second on a busy machine.
import { generateKeyPair, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import type * as Forge from 'node-forge';
import { loadLazily } from '../core/lazy-require.js';

const generateRsa = promisify(generateKeyPair);

export interface KeyPairPem {
  privateKey: string;
  publicKey: string;
}

/** A certificate and its private key, both PEM. */
export interface Issued {
  cert: string;
  key: string;
}

const DAY = 24 * 60 * 60 * 1000;
/** Long enough that a trusted CA is not replaced under a team's feet. */
const CA_VALIDITY_DAYS = 3650;
/** Apple's limit for certificates of private CAs; the server certificate is renewed before it ends. */
const LEAF_VALIDITY_DAYS = 825;
/** Clocks of containers and hosts disagree a little. */
const BACKDATE_MS = 60 * 60 * 1000;

/** RSA 2048: what every TLS client accepts; node:crypto makes it off the main thread. */
export async function newRsaKey(): Promise<KeyPairPem> {
  return generateRsa('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** A positive 127-bit serial, as RFC 5280 asks (unique, at most 20 bytes). */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}

/** Signs `cert` with the CA's key through node:crypto and stores the signature where forge's PEM writer looks. */
function signNatively(forge: typeof Forge, cert: Forge.pki.Certificate, caKeyPem: string): string {
  const oid = forge.pki.oids.sha256WithRSAEncryption!;
  cert.signatureOid = oid;
  cert.siginfo.algorithmOid = oid;
  // forge exports getTBSCertificate (its own sign() uses it) but its types do not declare it.
  const { getTBSCertificate } = forge.pki as unknown as { getTBSCertificate(c: Forge.pki.Certificate): Forge.asn1.Asn1 };
  const tbs = forge.asn1.toDer(getTBSCertificate(cert)).getBytes();
  cert.signature = sign('sha256', Buffer.from(tbs, 'binary'), caKeyPem).toString('binary');
  return forge.pki.certificateToPem(cert);
}

function validity(cert: Forge.pki.Certificate, now: number, days: number): void {
  cert.validity.notBefore = new Date(now - BACKDATE_MS);
  cert.validity.notAfter = new Date(now + days * DAY);
}

/** A CA that may sign server certificates only (path length 0); its name carries a short id to tell two apart. */
export function issueCa(keys: KeyPairPem, now = Date.now()): Issued {
  const forge = loadLazily<typeof Forge>('node-forge');
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  cert.serialNumber = serial();
  validity(cert, now, CA_VALIDITY_DAYS);
  const name = [
    { name: 'commonName', value: `snapengage-mock development CA ${randomBytes(3).toString('hex')}` },
    { name: 'organizationName', value: 'snapengage-mock' },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  return { cert: signNatively(forge, cert, keys.privateKey), key: keys.privateKey };
}

/** A server certificate for `hosts` (names and IP addresses), signed by `ca`. */
export function issueServerCertificate(ca: Issued, hosts: readonly string[], keys: KeyPairPem, now = Date.now()): Issued {
  const forge = loadLazily<typeof Forge>('node-forge');
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  cert.serialNumber = serial();
  validity(cert, now, LEAF_VALIDITY_DAYS);
  cert.setSubject([{ name: 'commonName', value: hosts[0] ?? 'localhost' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    // type 2: dNSName, type 7: iPAddress (RFC 5280 GeneralName).
    { name: 'subjectAltName', altNames: hosts.map((h) => (isIP(h) ? { type: 7, ip: h } : { type: 2, value: h })) },
    { name: 'subjectKeyIdentifier' },
    // Python 3.13's strict verification (and RFC 5280) want it on every certificate a CA issues.
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  return { cert: signNatively(forge, cert, ca.key), key: keys.privateKey };
}

/** A new CA and a server certificate for `hosts`; the two keys are made in parallel. */
export async function issueDevelopmentSet(hosts: readonly string[]): Promise<{ ca: Issued; server: Issued }> {
  const [caKeys, serverKeys] = await Promise.all([newRsaKey(), newRsaKey()]);
  const ca = issueCa(caKeys);
  return { ca, server: issueServerCertificate(ca, hosts, serverKeys) };
}
