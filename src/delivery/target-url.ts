// An integration URL split once into what an attempt needs (undici's origin and path, the self-delivery check's host
// and port), instead of a `new URL` per attempt for each of them.

export interface TargetUrl {
  origin: string;
  /** The path and query, as undici takes them. */
  path: string;
  /** host:port as written (the port left out when it is the scheme's default). */
  host: string;
  hostname: string;
  port: number;
}

const parsed = new Map<string, TargetUrl | null>();

/** `url` split, or null when it is not a URL. */
export function targetOf(url: string): TargetUrl | null {
  let target = parsed.get(url);
  if (target !== undefined) return target;
  try {
    const u = new URL(url);
    target = { origin: u.origin, path: `${u.pathname}${u.search}`, host: u.host, hostname: u.hostname, port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)) };
  } catch {
    target = null;
  }
  // Bounded: integration URLs are few, but a test may make thousands.
  if (parsed.size >= 1_000) parsed.clear();
  parsed.set(url, target);
  return target;
}
