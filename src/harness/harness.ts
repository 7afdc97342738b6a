// The in-process test double: startMock() runs the mock on a free port (in-memory store, virtual clock) and returns
// typed helpers; createMockClient() gives the same helpers for a mock running elsewhere (a CI service, a container).
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { JournalFilter } from '../control/journal.js';
import type { FaultRule, FaultRuleInput, Health, JournalEntry, ResetResult } from '../control/schemas.js';
import type { JsonValue } from '../core/json-value.js';
import { VirtualClock } from '../core/clock.js';
import type { filesSchema } from '../files/file-inputs.js';
import type { SupportRequest, supportRequestOverridesSchema } from '../support-request/document-schema.js';
import type { IntegrationSettings, IntegrationSettingsInput, SupportRequestCreated } from '../integration/schemas.js';
import { DEFAULT_DEV_API_KEY, loadConfig, type ConfigInput } from '../core/config.js';
import { startServer } from '../process/server.js';
import type { AdvancedAttempt, ClockAdvance, ClockState } from '../control/clock-schemas.js';
import type { Delivery, DeliveryAttempt, deliveriesQuery } from '../delivery/schemas.js';
import type { Email, emailsQuery } from '../email/schemas.js';
import { agentHelpers, visitorHelpers, type AgentHelpers, type VisitorHelpers } from './chat.js';
import { provisioningHelpers, type UserHelpers, type WidgetHelpers } from './provisioning.js';
import { createTransport, MockClientError, query } from './transport.js';
import { hubSubscription, streamSubscription, waitForMessageVia, type WaitForMessage } from './wait-for-message.js';

// The API's shapes, inferred (in each feature's schemas) from the same zod schemas that validate and document the routes.
export type {
  AdvancedAttempt,
  ClockAdvance,
  ClockState,
  Delivery,
  DeliveryAttempt,
  Email,
  FaultRule,
  FaultRuleInput,
  Health,
  IntegrationSettings,
  IntegrationSettingsInput,
  JournalEntry,
  JournalFilter,
  JsonValue,
  ResetResult,
  SupportRequest,
  SupportRequestCreated,
};
export { MockClientError };
export type DeliveryFilter = Partial<Omit<z.output<typeof deliveriesQuery>, 'api_key'>>;
export type EmailFilter = Partial<Omit<z.output<typeof emailsQuery>, 'api_key'>>;
/** The document fields to pin, and `files` the visitor uploaded (each becomes a transcript line holding its https link). */
export type SupportRequestOverrides = z.input<typeof supportRequestOverridesSchema> & { files?: z.input<typeof filesSchema> };

/** An email attachment's content, as GET /_mock/emails/{id}/attachments/{index} serves it. */
export interface AttachmentContent {
  contentType: string;
  content: string;
}

/** An account's organization id and API token, as SnapEngage's My Account shows them. */
export interface ApiCredentials {
  orgId: string;
  apiToken: string;
}

export interface ResetOptions {
  /** Wipe every key's data, not just this client's key (default false: parallel jobs sharing a server stay apart). */
  all?: boolean;
  /** Load the boot-time fixtures again after wiping (default false). */
  fixtures?: boolean;
}

export interface ClockOptions {
  /** The shared clock instead of this key's (moving it needs the admin token when the mock has one). */
  shared?: boolean;
}

export interface MockClient {
  /** e.g. http://127.0.0.1:43817 */
  readonly url: string;
  readonly apiKey: string;
  /** The Provisioning API's users (/api/v1/user.json) with this key: SnapEngage's own calls, so journaled and open to faults. */
  users: UserHelpers;
  /** The Provisioning API's widgets (/api/v1/widget.json) with this key, likewise. */
  widgets: WidgetHelpers;
  /** Wipes this key's records, journal and fault rules (everything with `{ all: true }`). */
  reset(options?: ResetOptions): Promise<ResetResult>;
  /** The mock's version, clock, ports and store (a 503 while the store refuses writes, thrown as MockClientError). */
  health(): Promise<Health>;
  /** This key's clock (`{ shared: true }`: the shared clock, which every key that never moved its own follows). */
  clock(options?: ClockOptions): Promise<ClockState>;
  /**
   * Moves this key's virtual clock forward and runs its webhook attempts that fall due; other keys' clocks and
   * deliveries are not touched, so suites sharing one server stay apart. `{ shared: true }`: the shared clock.
   */
  advanceClock(ms: number, options?: ClockOptions): Promise<ClockAdvance>;
  /** Moves this key's virtual clock to an instant (a Date, ms since the epoch, or an ISO date), running what falls due. */
  advanceClockTo(instant: Date | number | string, options?: ClockOptions): Promise<ClockAdvance>;
  /** A widget's integration settings (Settings > Integrations): where and how support requests are POSTed. */
  integration: {
    set(widgetId: string, settings: IntegrationSettingsInput): Promise<IntegrationSettings>;
    get(widgetId: string): Promise<IntegrationSettings>;
    remove(widgetId: string): Promise<void>;
  };
  /** Generates a support request for a widget (any field pinned, the rest generated) and queues its delivery. */
  createSupportRequest(widgetId: string, overrides?: SupportRequestOverrides): Promise<SupportRequestCreated>;
  /** Newest first. */
  deliveries(filter?: DeliveryFilter): Promise<Delivery[]>;
  /** One delivery; with `{ wait: true }` the mock holds the answer until it has settled or `timeoutMs` passed (long poll). */
  delivery(id: string, options?: { wait?: boolean; timeoutMs?: number }): Promise<Delivery>;
  /** The delivery once delivered or emailed (or as it is after `timeoutMs`, default 10 s): no polling, no sleeps. */
  waitForDelivery(id: string, timeoutMs?: number): Promise<Delivery>;
  /** Pending: its next attempt now. Settled: a fresh delivery of the same document (`redeliveryOf` names the old one). */
  redeliver(id: string): Promise<Delivery>;
  /** The fallback emails, newest first. */
  emails(filter?: EmailFilter): Promise<Email[]>;
  /** The content of an email's attachment (0 for the first): the support-request document as JSON or XML. */
  emailAttachment(emailId: string, index?: number): Promise<AttachmentContent>;
  /** The orgId and API token of a user this client's key created (they open the Logs API, /api/v2/{orgId}/logs). */
  apiCredentials(email: string): Promise<ApiCredentials>;
  /** Issues the user a new API token; the old one stops working at once. */
  rotateApiToken(email: string): Promise<ApiCredentials>;
  /** What this key's clients sent to the SnapEngage routes, oldest first, secrets redacted. */
  requests(filter?: JournalFilter): Promise<JournalEntry[]>;
  /** A visitor calling the Visitor Chat API with this client's key (`x-api-key`), as SnapEngage's mobile samples do. */
  visitor: VisitorHelpers;
  /** The agent's side of this key's chats (/_mock): presence, accept, reply, typing, close, scripts, the queue. */
  agent: AgentHelpers;
  /**
   * A conversation's first line that matches (its exact text, a RegExp, or a predicate), once it exists: it looks each
   * time the mock reports a change to the conversation, never by polling, and rejects after `timeoutMs` (10 s, real
   * time) or when the chat closes without one. It never moves the virtual clock: on CLOCK=virtual, advance it (before,
   * or while this waits) to let a scripted agent act. A client of a mock elsewhere listens on GET /_mock/events (one
   * stream per wait, counted in EVENTS_MAX_CONNECTIONS); startMock()'s harness listens in the process.
   */
  waitForMessage: WaitForMessage;
  faults: {
    /** Adds a rule scoped to this client's key, so jobs sharing one server never hit each other's faults. */
    add(rule: FaultRuleInput): Promise<FaultRule>;
    list(): Promise<FaultRule[]>;
    clear(): Promise<number>;
    remove(id: string): Promise<void>;
  };
}

export interface MockHarness extends MockClient {
  /** The Fastify instance, for `app.inject` or direct access to `app.ctx`. */
  readonly app: FastifyInstance;
  /** The same mock over TLS, e.g. https://127.0.0.1:43818; undefined with `config: { HTTPS_PORT: 'off' }`. */
  readonly httpsUrl: string | undefined;
  /**
   * The CA (PEM) that signed the https listener's certificate, to trust it:
   * `new Agent({ connect: { ca: mock.ca } })` for undici, `{ ca: mock.ca }` for node:https.
   * Undefined when HTTPS is off or TLS_CERT was given.
   */
  readonly ca: string | undefined;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export interface StartMockOptions {
  /** The key the mock accepts and the helpers use (default `dev-api-key`). */
  apiKey?: string;
  /** Seed data to load at start (a path), e.g. the package's fixtures/demo.json. Default: none. */
  fixtures?: string;
  /** Where the virtual clock starts (default: now). */
  startTime?: Date | number;
  /** Any other setting, as the environment would give it (DATABASE_PATH, LOG_LEVEL, RETRY_SCHEDULE, …). */
  config?: Partial<Record<keyof ConfigInput, string>>;
}

/**
 * The helpers over HTTP, for a mock started anywhere: `createMockClient({ url: 'http://localhost:8080' })`.
 * `adminToken`: the mock's MOCK_ADMIN_TOKEN, when it has one (needed by `advanceClock` and `reset({ all: true })`).
 */
export function createMockClient(options: { url: string; apiKey?: string; adminToken?: string }): MockClient {
  const http = createTransport(options.url, options.adminToken);
  const { url, send, call } = http;
  const apiKey = options.apiKey ?? DEFAULT_DEV_API_KEY;
  const agent = agentHelpers(http, apiKey);
  const key = query({ api_key: apiKey });
  const clockKey = (opts: ClockOptions) => (opts.shared ? '' : key);
  const widget = (id: string) => `/_mock/widgets/${encodeURIComponent(id)}`;
  const delivery = (id: string, opts: { wait?: boolean; timeoutMs?: number } = {}) =>
    call<Delivery>('GET', `/_mock/deliveries/${encodeURIComponent(id)}${query({ api_key: apiKey, wait: opts.wait ? 'settled' : undefined, timeout_ms: opts.timeoutMs })}`);

  return {
    url,
    apiKey,
    ...provisioningHelpers(http, apiKey),
    reset: (opts = {}) =>
      call('POST', `/_mock/reset${query({ api_key: opts.all ? undefined : apiKey, fixtures: opts.fixtures ? 'true' : undefined })}`),
    health: () => call('GET', '/_mock/health'),
    clock: (opts = {}) => call('GET', `/_mock/clock${clockKey(opts)}`),
    advanceClock: (ms, opts = {}) => call('POST', `/_mock/clock/advance${clockKey(opts)}`, { ms }),
    advanceClockTo: (instant, opts = {}) => {
      const to = typeof instant === 'number' ? instant : new Date(instant).getTime();
      if (Number.isNaN(to)) return Promise.reject(new TypeError(`advanceClockTo: ${String(instant)} is not a date`));
      return call('POST', `/_mock/clock/advance${clockKey(opts)}`, { to });
    },
    integration: {
      set: (widgetId, settings) => call('PUT', `${widget(widgetId)}/integration${key}`, settings),
      get: (widgetId) => call('GET', `${widget(widgetId)}/integration${key}`),
      remove: async (widgetId) => {
        await call('DELETE', `${widget(widgetId)}/integration${key}`);
      },
    },
    createSupportRequest: (widgetId, overrides = {}) => call('POST', `${widget(widgetId)}/support-requests${key}`, overrides),
    deliveries: async (filter = {}) =>
      (await call<{ deliveries: Delivery[] }>('GET', `/_mock/deliveries${query({ api_key: apiKey, ...filter })}`)).deliveries,
    delivery,
    waitForDelivery: (id, timeoutMs) => delivery(id, { wait: true, timeoutMs }),
    redeliver: (id) => call('POST', `/_mock/deliveries/${encodeURIComponent(id)}/redeliver${key}`),
    emails: async (filter = {}) => (await call<{ emails: Email[] }>('GET', `/_mock/emails${query({ api_key: apiKey, ...filter })}`)).emails,
    emailAttachment: async (emailId, index = 0) => {
      const { res, text } = await send('GET', `/_mock/emails/${encodeURIComponent(emailId)}/attachments/${index}${key}`);
      return { contentType: (res.headers.get('content-type') ?? '').split(';', 1)[0]!, content: text };
    },
    apiCredentials: (email) => call('GET', `/_mock/users/${encodeURIComponent(email)}/api-credentials${key}`),
    rotateApiToken: (email) => call('POST', `/_mock/users/${encodeURIComponent(email)}/api-credentials/rotate${key}`),
    requests: async (filter = {}) =>
      (await call<{ requests: JournalEntry[] }>('GET', `/_mock/requests${query({ api_key: apiKey, ...filter })}`)).requests,
    visitor: visitorHelpers(http, apiKey),
    agent,
    waitForMessage: waitForMessageVia(agent.conversation, streamSubscription(http, apiKey)),
    faults: {
      add: (rule) => call('POST', '/_mock/faults', { api_key: apiKey, ...rule }),
      list: async () => (await call<{ faults: FaultRule[] }>('GET', `/_mock/faults${query({ api_key: apiKey })}`)).faults,
      clear: async () => (await call<{ removed: number }>('DELETE', `/_mock/faults${query({ api_key: apiKey })}`)).removed,
      remove: async (id) => {
        await call('DELETE', `/_mock/faults/${encodeURIComponent(id)}${query({ api_key: apiKey })}`);
      },
    },
  };
}

/**
 * Starts the mock in this process on 127.0.0.1 and a free port, with an in-memory store and the virtual clock.
 * Close it when done (`await mock.close()`, or `await using mock = await startMock()`).
 */
export async function startMock(options: StartMockOptions = {}): Promise<MockHarness> {
  const apiKey = options.apiKey ?? DEFAULT_DEV_API_KEY;
  const config = loadConfig({
    DATABASE_PATH: ':memory:',
    CLOCK: 'virtual',
    LOG_LEVEL: 'silent',
    SNAPENGAGE_API_KEYS: apiKey,
    HOST: '127.0.0.1',
    PORT: 0,
    // A free port; the certificate is made once per process and kept in memory (unless TLS_DIR is set).
    HTTPS_PORT: 0,
    FIXTURES: options.fixtures,
    ...options.config,
  });
  const start = options.startTime === undefined ? Date.now() : new Date(options.startTime).getTime();
  const clock = config.CLOCK === 'virtual' ? new VirtualClock(start) : undefined;
  const { app, url, httpsUrl, tls, close } = await startServer(config, clock ? { clock } : {});
  const client = createMockClient({ url, apiKey, adminToken: config.MOCK_ADMIN_TOKEN });
  return Object.assign(client, {
    // In the same process, the event hub itself says when a conversation changed: no stream to open.
    waitForMessage: waitForMessageVia(client.agent.conversation, hubSubscription(app.ctx.events, apiKey)),
    app,
    httpsUrl,
    ca: tls?.ca,
    close,
    [Symbol.asyncDispose]: close,
  });
}
