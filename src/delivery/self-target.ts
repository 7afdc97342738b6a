// Whether an integration URL, or the connection an attempt opened, reaches one of the mock's own listeners: a webhook to
// itself would storm (each attempt asking the mock for more deliveries).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { targetOf } from './target-url.js';

export interface Listener {
  address: string;
  port: number;
}

/**
 * One spelling per address: the IPv4-mapped forms (`::ffff:127.0.0.1`, and `::ffff:7f00:1` as URLs write it) are the
 * IPv4 address they carry. (`http://0:8080` and `http://2130706433:8080` need nothing here: the URL parser already
 * writes them `0.0.0.0` and `127.0.0.1`.)
 */
export function canonicalIp(ip: string): string {
  const lower = ip.toLowerCase().replace(/^\[|\]$/g, '');
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return lower;
  const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

const isUnspecified = (ip: string): boolean => ip === '0.0.0.0' || ip === '::';
const isLoopback = (ip: string): boolean => ip === '::1' || ip.startsWith('127.');

/** Every address of this host's interfaces, canonical. Read at each check: interfaces come and go. */
function interfaceAddresses(): Set<string> {
  const all = new Set<string>();
  for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) all.add(canonicalIp(i.address));
  return all;
}

/**
 * Whether a connection to `target` (canonical) on a listener's port reaches that listener. A connection to an
 * unspecified address (0.0.0.0, ::) goes to this host (Linux routes it over loopback), so it reaches whatever listens
 * here. A listener on every interface is reached by every address of this host: the loopback ranges and each
 * interface's. A listener on one address is reached by that address only (127.0.0.2 does not reach 127.0.0.1).
 */
export function reaches(target: string, listener: string, local: () => ReadonlySet<string>): boolean {
  if (target === listener || isUnspecified(target)) return true;
  return isUnspecified(listener) && (isLoopback(target) || local().has(target));
}

export class SelfTarget {
  #listeners: Listener[] = [];
  readonly #resolve: (host: string) => Promise<string[]>;

  /** `resolve` is DNS (every address of a name); tests give a resolver of their own. */
  constructor(resolve: (host: string) => Promise<string[]> = async (host) => (await lookup(host, { all: true })).map((a) => a.address)) {
    this.#resolve = resolve;
  }

  /** The addresses the server listens on, once it does (an app that only answers inject() has none). */
  setListeners(listeners: Listener[]): void {
    this.#listeners = listeners.map((l) => ({ address: canonicalIp(l.address), port: l.port }));
  }

  /** One more listener (the https one, which Fastify does not know about). */
  addListener(listener: Listener): void {
    this.#listeners.push({ address: canonicalIp(listener.address), port: listener.port });
  }

  /**
   * The listener `url` reaches, as `host:port`, or undefined when it is somebody else's. A name is resolved now (at
   * settings time and at each attempt); the connection an attempt opens is checked again by `peer`, so a name that
   * resolves elsewhere by then cannot slip through either.
   */
  async check(url: string): Promise<string | undefined> {
    const parsed = targetOf(url);
    if (!parsed) return undefined;
    // Cheap first: most URLs name another port, and then no name needs resolving.
    if (!this.#listeners.some((l) => l.port === parsed.port)) return undefined;
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    let ips: string[];
    if (isIP(host)) ips = [host];
    else {
      try {
        ips = await this.#resolve(host);
      } catch {
        // Unresolvable now: the attempt's own connection fails, or is checked by `peer` if it resolves by then.
        return undefined;
      }
    }
    return ips.some((ip) => this.#reached(canonicalIp(ip), parsed.port)) ? parsed.host : undefined;
  }

  /** Whether a connected socket's peer is one of the listeners: `address:port` when it is, else undefined. */
  peer(address: string | undefined, port: number | undefined): string | undefined {
    if (address === undefined || port === undefined) return undefined;
    const ip = canonicalIp(address);
    return this.#reached(ip, port) ? `${ip.includes(':') ? `[${ip}]` : ip}:${port}` : undefined;
  }

  #reached(ip: string, port: number): boolean {
    let local: Set<string> | undefined;
    const addresses = () => (local ??= interfaceAddresses());
    return this.#listeners.some((l) => l.port === port && reaches(ip, l.address, addresses));
  }
}
