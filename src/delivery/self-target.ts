// Whether an integration URL points back at one of the mock's own listeners: a webhook to itself would storm.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { targetOf } from './target-url.js';

export interface Listener {
  address: string;
  port: number;
}

const UNSPECIFIED = new Set(['0.0.0.0', '::']);

/** `::ffff:127.0.0.1`, `::ffff:7f00:1` (as URLs write it) and `127.0.0.1` are the same listener. */
function normalise(ip: string): string {
  const lower = ip.toLowerCase();
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex) return lower;
  const [high, low] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

const isLoopback = (ip: string): boolean => ip === '::1' || ip.startsWith('127.');

function localAddresses(): Set<string> {
  const all = new Set<string>();
  for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) all.add(normalise(i.address));
  return all;
}

export class SelfTarget {
  #listeners: Listener[] = [];

  /** The addresses the server listens on, once it does (an app that only answers inject() has none). */
  setListeners(listeners: Listener[]): void {
    this.#listeners = listeners.map((l) => ({ address: normalise(l.address), port: l.port }));
  }

  /** One more listener (the https one, which Fastify does not know about). */
  addListener(listener: Listener): void {
    this.#listeners.push({ address: normalise(listener.address), port: listener.port });
  }

  /** The listener `url` reaches, as `host:port`, or undefined when it is somebody else's. */
  async check(url: string): Promise<string | undefined> {
    const parsed = targetOf(url);
    if (!parsed) return undefined;
    const candidates = this.#listeners.filter((l) => l.port === parsed.port);
    // Cheap first: most URLs name another port, and then no name needs resolving.
    if (candidates.length === 0) return undefined;
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    let ips: string[];
    if (isIP(host)) ips = [host];
    else {
      try {
        ips = (await lookup(host, { all: true })).map((a) => a.address);
      } catch {
        return undefined;
      }
    }
    const local = candidates.some((l) => UNSPECIFIED.has(l.address)) ? localAddresses() : new Set<string>();
    for (const ip of ips.map(normalise)) {
      for (const l of candidates) {
        const reaches = UNSPECIFIED.has(l.address) ? isLoopback(ip) || local.has(ip) || UNSPECIFIED.has(ip) : ip === l.address;
        if (reaches) return parsed.host;
      }
    }
    return undefined;
  }

}
