// Who may reach the mock from a browser (src/http/browser-guard.ts; the README's Security section).
import { isIP } from 'node:net';
import { z } from 'zod';
import { doc } from './setting-doc.js';

export const browserSettings = {
  ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((raw) => raw.split(',').map((h) => h.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1')).filter(Boolean))
    .refine((hosts) => hosts.every((h) => h === '*' || isIP(h) !== 0 || /^(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(h)), 'must be host names, `*.` suffixes, IP addresses or `*`, comma-separated')
    .meta(doc({
      arg: 'H1,H2',
      help: 'Host header names the mock answers to besides loopback ones (`*.example.com`, `*` for any)',
      description:
        'comma-separated names the `Host` header may carry besides `localhost`, `*.localhost`, `127.0.0.0/8`, `[::1]` and `HOST` (`*.example.com` for its subdomains, `*` for any): what a DNS-rebinding page cannot send. With `HOST` not a loopback address (`0.0.0.0`, the Docker image) any name passes until this is set. 403 `host_not_allowed` otherwise. See [Security](#security)',
      default: 'loopback names and `HOST`; any name when `HOST` is not loopback',
    })),
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((raw, ctx) =>
      raw.split(',').map((o) => o.trim().toLowerCase()).filter(Boolean).map((o) => {
        if (o === '*') return o;
        const url = URL.canParse(o) ? new URL(o) : undefined;
        if (!url || !/^https?:$/.test(url.protocol) || url.pathname !== '/' || url.search || url.hash || url.username) {
          ctx.addIssue({ code: 'custom', message: `${o}: must be an origin such as http://localhost:3000 (scheme, host, port; no path), or *` });
        }
        // As a browser sends it in Origin: no default port, no trailing slash.
        return url?.origin ?? o;
      }),
    )
    .meta(doc({
      arg: 'O1,O2',
      help: 'web page origins that may make calls other than GET (`*`: any page, no protection)',
      description:
        'comma-separated origins (`http://localhost:3000`) whose web pages may send the mock calls other than GET and HEAD; without it only the mock\'s own pages (the inspector, Swagger UI) and clients that are not browsers (curl, SDKs, tests) may, and a page of another origin, another port of `localhost` included, gets 403 `cross_site_request`. `*` lets any page, which gives up the protection. See [Security](#security)',
      default: 'none',
    })),
};
