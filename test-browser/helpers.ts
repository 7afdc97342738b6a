// What the browser suite starts: the built mock as a process (CLOCK=virtual, 127.0.0.1 port 0), a webhook receiver
// whose answer the test sets, an SMTP server that records what it gets, and Debian's chromium driven by playwright-core.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { expect } from 'vitest';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
/** Debian's package puts it here; CHROMIUM_PATH points elsewhere. No browser is ever downloaded. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Mock {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export async function startMock(env: Record<string, string>): Promise<Mock> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
  const child = spawn(process.execPath, [CLI], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', HTTPS_PORT: 'off', DATABASE_PATH: ':memory:', CLOCK: 'virtual', LOG_LEVEL: 'warn', FIXTURES: 'none', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`mock exited (${code}) before listening: ${stderr}`)));
  });
  child.stdout!.resume();
  return {
    url,
    child,
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface Receiver {
  url: string;
  status: number;
  received: number;
  close(): Promise<void>;
}

/** Answers every POST with `status` (500 to start with: the test flips it to 200 for the redelivery). */
export async function startReceiver(): Promise<Receiver> {
  const receiver = { url: '', status: 500, received: 0, close: async () => {} } as Receiver;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      receiver.received += 1;
      res.writeHead(receiver.status, { 'content-type': 'text/plain' }).end(receiver.status === 200 ? 'ok' : 'receiver is down for maintenance');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/snapengage`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  return receiver;
}

/** `args`: more Chromium switches (`--host-resolver-rules=MAP evil.test 127.0.0.1` gives a page a site of its own). */
export async function launch(args: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  // Root in a container: Chromium's sandbox needs user namespaces it may not have.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', ...args] });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/**
 * Collects into `errors` anything the page logs as an error (a CSP refusal, an exception), for the suite to fail on at
 * the end. Network statuses ("Failed to load resource": a deliberate 401 of a wrong key) are asserted where they happen.
 */
export function recordPageErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => msg.type() === 'error' && !msg.text().startsWith('Failed to load resource') && errors.push(msg.text()));
}

/**
 * Runs axe-core on the page (or a frame's document: the widget's chat box) as it is and fails on any serious or critical
 * violation. Evaluated through the DevTools protocol, which the page's CSP does not govern (an injected <script> would be
 * refused, as it should be).
 */
export async function expectAccessible(page: Page | Frame, view: string): Promise<void> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `axe on ${view}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
}

/**
 * At a narrow width (a phone's 390 px): the page never scrolls sideways, and every control on it (links, buttons,
 * fields, the summaries that open a part) lies within the screen's width. A table may scroll sideways in its own
 * region, but what opens or acts on a row must not be out in the part that needs scrolling to find.
 */
export async function expectFitsWidth(page: Page, view: string): Promise<void> {
  const found = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const controls = Array.from(document.querySelectorAll<HTMLElement>('a[href]:not(.skip), button, input, select, textarea, summary'));
    const outside = controls
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && (r.left < 0 || r.right > width + 0.5);
      })
      .map((el) => `${el.tagName.toLowerCase()} ${JSON.stringify((el.textContent || el.getAttribute('aria-label') || el.getAttribute('name') || '').trim().slice(0, 40))}`);
    return { overflow: document.documentElement.scrollWidth - width, outside };
  });
  expect(found.overflow, `${view} scrolls sideways`).toBeLessThanOrEqual(0);
  expect(found.outside, `${view}: controls beyond the screen's width`).toEqual([]);
}

/** `npm run screenshots` sets SCREENSHOTS to the folder; otherwise a no-op. `fullPage`: the whole page, not the screen. */
export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  const dir = process.env.SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage });
}

/** JSON calls to the mock from the test (the parts a user would do elsewhere: move the clock from a test run). */
export async function api(base: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${base}${path}`, { method, ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}
