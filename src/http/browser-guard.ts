// Only the developer's own tools reach the mock: a web page open in their browser cannot change its state (a no-cors
// POST /_mock/reset from any site), and a DNS-rebinding page (a site whose name now resolves to 127.0.0.1) cannot reach
// it at all. One onRequest hook over every route, registered once in app.ts; the README's Security section says it too.
//
// Route flag: `config: { browserFacing: true }` marks a route SnapEngage serves to web pages (widget availability, the
// JavaScript widget's own calls): pages on any site call it, and it answers CORS as SnapEngage does, so the cross-site
// check leaves it alone. The Host check applies to it as to every route.
import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Config } from '../core/config.js';
import { forbidden } from '../core/errors.js';
import { arrivedOverTls } from './over-tls.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route SnapEngage serves to web pages: the cross-site check of http/browser-guard.ts leaves it alone. */
    browserFacing?: boolean;
  }
}

/** The name of a Host header without its port, lower-cased, IPv6 without brackets; undefined when it is no host. */
export function hostnameOf(host: string): string | undefined {
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/i.exec(host);
  if (bracketed) return isIP(bracketed[1]!) === 6 ? canonicalV6(bracketed[1]!) : undefined;
  const plain = /^([a-z0-9_.-]+?)\.?(?::\d{1,5})?$/i.exec(host);
  return plain ? plain[1]!.toLowerCase() : undefined;
}

/** `0:0::1` and `::1` alike, as the URL parser writes them. */
const canonicalV6 = (address: string): string => new URL(`http://[${address}]`).hostname.slice(1, -1);

/** `localhost`, `*.localhost`, 127.0.0.0/8, ::1 and IPv4-mapped 127/8: names only this machine answers to. */
export function isLoopbackName(name: string): boolean {
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const family = isIP(name);
  if (family === 4) return name.startsWith('127.');
  if (family !== 6) return false;
  const v6 = canonicalV6(name);
  return v6 === '::1' || /^::ffff:7f[0-9a-f]{2}:/.test(v6);
}

/** What an allowed-host list entry matches: `*` anything, `*.example.com` its subdomains, else the name itself. */
const hostMatches = (pattern: string, name: string): boolean =>
  pattern === '*' || (pattern.startsWith('*.') ? name.endsWith(pattern.slice(1)) : pattern === name);

/** Host headers already judged; bounded, since every request may send another. */
const MAX_REMEMBERED_HOSTS = 64;

type GuardConfig = Pick<Config, 'HOST' | 'ALLOWED_HOSTS' | 'ALLOWED_ORIGINS'>;

/**
 * The hook. Host: on a loopback HOST, the Host header must name a loopback address, `HOST` itself, or a name in
 * ALLOWED_HOSTS; on any other HOST (0.0.0.0 in the container) any Host passes unless ALLOWED_HOSTS is set. Cross-site:
 * a request other than GET and HEAD that a browser made for a page of another origin (Sec-Fetch-Site, else Origin) is
 * refused unless ALLOWED_ORIGINS lists that origin. A client that sends neither header (curl, SDKs, the harness)
 * passes. Callback style: every request runs it.
 */
export function browserGuard(config: GuardConfig): (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void {
  const bound = hostnameOf(config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST) ?? config.HOST.toLowerCase();
  const anyHost = config.ALLOWED_HOSTS.includes('*') || (config.ALLOWED_HOSTS.length === 0 && !isLoopbackName(bound));
  const names = ['localhost', '127.0.0.1', '[::1]', ...(isLoopbackName(bound) ? [] : [config.HOST]), ...config.ALLOWED_HOSTS].slice(0, 10).join(', ');
  const anyOrigin = config.ALLOWED_ORIGINS.includes('*');
  const allowedOrigins = new Set(config.ALLOWED_ORIGINS);
  const judged = new Map<string, boolean>();

  const hostAllowed = (host: string): boolean => {
    let ok = judged.get(host);
    if (ok === undefined) {
      const name = hostnameOf(host);
      ok = name !== undefined && (isLoopbackName(name) || name === bound || config.ALLOWED_HOSTS.some((p) => hostMatches(p, name)));
      if (judged.size >= MAX_REMEMBERED_HOSTS) judged.clear();
      judged.set(host, ok);
    }
    return ok;
  };

  /** Whether a state-changing request comes from the developer's own tools rather than a page of another origin. */
  const ownTool = (request: FastifyRequest): boolean => {
    const site = request.headers['sec-fetch-site'];
    // none: typed in the address bar, a bookmark. same-site is another origin (another port of localhost, a sibling
    // subdomain): another program's page, so it needs ALLOWED_ORIGINS like a cross-site one.
    if (site === 'same-origin' || site === 'none') return true;
    const origin = request.headers.origin;
    if (origin === undefined) return site !== 'cross-site' && site !== 'same-site';
    if (anyOrigin || allowedOrigins.has(origin.toLowerCase())) return true;
    // A browser too old to send Sec-Fetch-Site still sends Origin; `null` (a sandboxed or file: page) is never ours.
    if (site !== undefined) return false;
    return origin.toLowerCase() === `${arrivedOverTls(request) ? 'https' : 'http'}://${(request.headers.host ?? '').toLowerCase()}`;
  };

  return function guardBrowserRequests(request, _reply, done) {
    const host = request.headers.host;
    // Browsers always send Host; a client that sends none (HTTP/1.0) is no web page.
    if (!anyHost && host !== undefined && !hostAllowed(host)) {
      const message = `Host ${JSON.stringify(host.slice(0, 100))} is not a name of this mock, which answers to ${names} (a page whose own name was made to point here, DNS rebinding, is refused so); add the name to ALLOWED_HOSTS to reach the mock by it`;
      return done(forbidden('host_not_allowed', message));
    }
    const method = request.method;
    if (method === 'GET' || method === 'HEAD' || request.routeOptions.config?.browserFacing === true || ownTool(request)) return done();
    const origin = request.headers.origin?.slice(0, 100);
    done(
      forbidden(
        'cross_site_request',
        `a web page${origin ? ` of ${origin}` : ''} may not change the mock's state: ${method} calls come from your own tools (curl, SDKs, tests, the inspector on this origin); list the page's origin in ALLOWED_ORIGINS to let it`,
      ),
    );
  };
}
