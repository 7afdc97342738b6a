// Where every app-wide object is built, once: config, store, clock, repositories, services, the dispatcher, and the
// control plane's journal, fault rules, fixtures and reset. The repositories stay in here: routes get services.
import type { FastifyBaseLogger } from 'fastify';
import { AccountsService } from './accounts/accounts-service.js';
import { pino } from 'pino';
import { createClock, type Clock } from './core/clock.js';
import type { Config } from './core/config.js';
import { MAX_BOT_TIMEOUT_MS } from './core/bot-settings.js';
import { CaseLogsRepository } from './db/case-logs-repository.js';
import { FilesRepository } from './db/files-repository.js';
import { ClockStateRepository } from './db/clock-state-repository.js';
import { DeliveriesRepository } from './db/deliveries-repository.js';
import { EmailsRepository } from './db/emails-repository.js';
import { IntegrationsRepository } from './db/integrations-repository.js';
import { transactionOf, type Db } from './db/open.js';
import { SupportRequestsRepository } from './db/support-requests-repository.js';
import { StoreHealth } from './db/store-health.js';
import { UsersRepository } from './db/users-repository.js';
import { WidgetsRepository } from './db/widgets-repository.js';
import { DeliveriesService } from './delivery/deliveries-service.js';
import { DeliveryRunner } from './delivery/delivery-runner.js';
import { Dispatcher } from './delivery/dispatcher.js';
import { IntegrationsService } from './integration/integrations-service.js';
import { createSmtpTransport, EmailRelay } from './email/relay.js';
import { RetrySchedule } from './delivery/retry-schedule.js';
import { SelfTarget } from './delivery/self-target.js';
import { SettledWaiters } from './delivery/settled-waiters.js';
import { SupportRequestsService } from './integration/support-requests-service.js';
import { WebhookClient } from './delivery/webhook-client.js';
import { EmailsService } from './email/emails-service.js';
import { createFrontDesk, type FrontDesk } from './conversations/front-desk.js';
import { BotExchanger } from './bots/bot-exchange.js';
import { BotsService } from './bots/bots-service.js';
import { BotBansRepository } from './db/bot-bans-repository.js';
import { BotsRepository } from './db/bots-repository.js';
import { FilesService } from './files/files-service.js';
import { EventHub } from './core/event-hub.js';
import { LogsService } from './logs/logs-service.js';
import { Partners } from './http/api-key.js';
import { UsersService } from './provisioning/users-service.js';
import { WidgetsService } from './provisioning/widgets-service.js';
import { createRandom, type Random } from './core/random.js';
import { Faults } from './control/faults.js';
import { Fixtures } from './control/fixtures.js';
import { Journal } from './control/journal.js';
import { ResetService } from './control/reset-service.js';
import { StoreWiper } from './db/store-wiper.js';
import { InspectorService } from './inspector/inspector-service.js';
import { createWidgetJs, type WidgetJs } from './widget-js/index.js';

export interface AppContext {
  config: Config;
  /** Whether the store is migrated and still takes writes (for /_mock/health); fed by the error handler. */
  store: StoreHealth;
  clock: Clock;
  partners: Partners;
  users: UsersService;
  /** Accounts as organizations: orgId and API token. */
  accounts: AccountsService;
  /** The Logs API (/api/v2). */
  logs: LogsService;
  files: FilesService;
  widgets: WidgetsService;
  /** Generates support requests; seeded by MOCK_SEED when set. */
  random: Random;
  integrations: IntegrationsService;
  supportRequests: SupportRequestsService;
  deliveries: DeliveriesService;
  /** The fallback emails (/_mock/emails). */
  emails: EmailsService;
  dispatcher: Dispatcher;
  /** The long-polls of `wait=settled`. */
  waiters: SettledWaiters;
  /** The server's own listeners, which no integration URL may reach. */
  self: SelfTarget;
  /** Outbound connections, closed with the app once the dispatcher (webhooks) and the bot driver (bots) have drained. */
  transports: { webhooks: WebhookClient; bots: WebhookClient };
  relay: EmailRelay;
  /** What changed, per partner: the inspector's live feed (GET /_mock/events). */
  events: EventHub;
  /** The widgets' chat bots' settings and bans (src/bots/); the calls are the front desk's (frontDesk.bots). */
  bots: BotsService;
  /** Live conversations: visitors, agents, scripts, bots (src/conversations/). */
  frontDesk: FrontDesk;
  /** The JavaScript widget's pages and what they do through the front desk (src/widget-js/). */
  widgetJs: WidgetJs;
  /** The requests to the SnapEngage routes, per partner (GET /_mock/requests); recorded by control/journal-plugin.ts. */
  journal: Journal;
  /** The fault rules (/_mock/faults); applied by control/faults-plugin.ts. */
  faults: Faults;
  /** The seed data of FIXTURES: loaded at boot (control/fixtures-plugin.ts), put back by a reset. */
  fixtures: Fixtures;
  /** POST /_mock/reset. */
  reset: ResetService;
  /** The inspector's reads beyond the partner APIs. */
  inspector: InspectorService;
}

/** `givenClock` (tests, the harness) wins; otherwise a clock of config.CLOCK's mode, the virtual one resumed from the store. */
export function createContext(config: Config, db: Db, givenClock?: Clock, log: FastifyBaseLogger = pino({ level: 'silent' })): AppContext {
  const transaction = transactionOf(db);
  const clockState = new ClockStateRepository(db);
  const clock = givenClock ?? createClock(config.CLOCK, clockState.load() ?? Date.now(), clockState, clockState.loadPartners());
  const repos = {
    users: new UsersRepository(db),
    widgets: new WidgetsRepository(db),
    integrations: new IntegrationsRepository(db),
    supportRequests: new SupportRequestsRepository(db),
    deliveries: new DeliveriesRepository(db),
    emails: new EmailsRepository(db),
    caseLogs: new CaseLogsRepository(db),
    files: new FilesRepository(db),
  };
  const users = new UsersService(repos.users, clock);
  const random = createRandom(config.MOCK_SEED);
  const self = new SelfTarget();
  const integrations = new IntegrationsService(repos.integrations, repos.widgets, clock, self);
  // Jitter spreads real-clock retries apart; the virtual clock walks the ladder exactly.
  const schedule = new RetrySchedule(config.RETRY_SCHEDULE, clock.mode === 'real');
  const refusePeer = (address: string | undefined, port: number | undefined) => self.peer(address, port);
  const transports = {
    webhooks: new WebhookClient({ timeoutMs: config.WEBHOOK_TIMEOUT_MS, refusePeer }),
    // Each call passes its bot's own timeoutMs; this one only bounds connecting (at most 10 s).
    bots: new WebhookClient({ timeoutMs: MAX_BOT_TIMEOUT_MS, refusePeer, target: 'the bot URL' }),
  };
  const relay = new EmailRelay({
    // The relay owns its transport: it closes it at shutdown.
    transport: config.SMTP_URL ? createSmtpTransport(config.SMTP_URL, { timeoutMs: config.SMTP_TIMEOUT_MS, maxConnections: config.SMTP_MAX_CONNECTIONS }) : undefined,
    emails: repos.emails,
    log,
    timeoutMs: config.SMTP_TIMEOUT_MS,
    attempts: config.SMTP_ATTEMPTS,
    retryDelayMs: config.SMTP_RETRY_DELAY_MS,
  });
  const waiters = new SettledWaiters();
  const events = new EventHub();
  const runner = new DeliveryRunner({
    config,
    clock,
    log,
    client: transports.webhooks,
    schedule,
    deliveries: repos.deliveries,
    widgets: repos.widgets,
    emails: repos.emails,
    waiters,
    self,
    relay,
    events,
  });
  const dispatcher = new Dispatcher({
    config,
    clock,
    log,
    transaction,
    deliveries: repos.deliveries,
    integrations: repos.integrations,
    runner,
    waiters,
  });
  const widgets = new WidgetsService(repos.widgets, users, clock);
  const deliveries = new DeliveriesService({
    deliveries: repos.deliveries,
    integrations: repos.integrations,
    dispatcher,
    waiters,
    schedule,
    clock,
    maxRedeliveries: config.DELIVERY_MAX_REDELIVERIES,
  });
  const supportRequests = new SupportRequestsService({
    transaction,
    supportRequests: repos.supportRequests,
    deliveries: repos.deliveries,
    files: repos.files,
    integrations,
    dispatcher,
    clock,
    random,
    events,
  });
  const faults = new Faults({ maxRules: config.FAULT_MAX_RULES, maxBodyBytes: config.FAULT_MAX_BODY_BYTES });
  const bots = new BotsService(new BotsRepository(db), new BotBansRepository(db), integrations, clock, config);
  const botExchanger = new BotExchanger({ client: transports.bots, self, faults, maxAnswerBytes: config.BOT_ANSWER_MAX_BYTES });
  const frontDesk = createFrontDesk({ config, db, transaction, clock, log, widgets: repos.widgets, supportRequests, dispatcher, events, bots, botExchanger });
  const journal = new Journal({ perPartner: config.JOURNAL_LIMIT, maxBytes: config.JOURNAL_MAX_BYTES });
  const fixtures = new Fixtures({
    frontDesk,
    clock,
    transaction,
    users,
    widgets,
    integrations,
    repos: { users: repos.users, widgets: repos.widgets, integrations: repos.integrations },
  });
  return {
    config,
    store: new StoreHealth(db),
    clock,
    partners: new Partners(config.SNAPENGAGE_API_KEYS),
    users,
    accounts: new AccountsService(repos.users, clock),
    logs: new LogsService(repos.caseLogs, clock),
    files: new FilesService(repos.files),
    widgets,
    random,
    integrations,
    supportRequests,
    deliveries,
    emails: new EmailsService(repos.emails),
    dispatcher,
    waiters,
    self,
    transports,
    relay,
    events,
    bots,
    frontDesk,
    widgetJs: createWidgetJs({ config, clock, events, frontDesk }),
    journal,
    faults,
    fixtures,
    reset: new ResetService({ wiper: new StoreWiper(db), clock, fixtures, journal, faults, events }),
    inspector: new InspectorService({
      users: repos.users,
      widgets: repos.widgets,
      supportRequests: repos.supportRequests,
      integrations,
      deliveries,
      clock,
      retrySchedule: config.RETRY_SCHEDULE,
    }),
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
  interface FastifyRequest {
    /** The partner (tenant) the request's api_key stands for; set by the api_key check. */
    partner: string;
  }
}
