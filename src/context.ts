// Where every app-wide object is built, once: config, store, clock, repositories, services and the dispatcher.
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { DeliveriesRepository } from './db/deliveries-repository.js';
import { EmailsRepository } from './db/emails-repository.js';
import { IntegrationsRepository } from './db/integrations-repository.js';
import { transactionOf, type Db } from './db/open.js';
import { SupportRequestsRepository } from './db/support-requests-repository.js';
import { UsersRepository } from './db/users-repository.js';
import { WidgetsRepository } from './db/widgets-repository.js';
import { DeliveriesService } from './integration/deliveries-service.js';
import { DeliveryRunner } from './integration/delivery-runner.js';
import { Dispatcher } from './integration/dispatcher.js';
import { IntegrationsService } from './integration/integrations-service.js';
import { createSmtpTransport, type SmtpTransport } from './integration/mail.js';
import { RetrySchedule } from './integration/retry-schedule.js';
import { SettledWaiters } from './integration/settled-waiters.js';
import { SupportRequestsService } from './integration/support-requests-service.js';
import { WebhookClient } from './integration/webhook-client.js';
import { Partners } from './http/api-key.js';
import { UsersService } from './provisioning/users-service.js';
import { WidgetsService } from './provisioning/widgets-service.js';
import { createRandom, type Random } from './random.js';

export interface AppContext {
  config: Config;
  db: Db;
  clock: Clock;
  partners: Partners;
  repos: {
    users: UsersRepository;
    widgets: WidgetsRepository;
    integrations: IntegrationsRepository;
    supportRequests: SupportRequestsRepository;
    deliveries: DeliveriesRepository;
    emails: EmailsRepository;
  };
  users: UsersService;
  widgets: WidgetsService;
  /** Generates support requests; seeded by MOCK_SEED when set. */
  random: Random;
  integrations: IntegrationsService;
  supportRequests: SupportRequestsService;
  deliveries: DeliveriesService;
  dispatcher: Dispatcher;
  /** The long-polls of `wait=settled`. */
  waiters: SettledWaiters;
  /** Outbound connections, closed with the app once the dispatcher has drained. */
  transports: { webhooks: WebhookClient; smtp: SmtpTransport | undefined };
}

export function createContext(config: Config, db: Db, clock: Clock, log: FastifyBaseLogger = pino({ level: 'silent' })): AppContext {
  const transaction = transactionOf(db);
  const repos = {
    users: new UsersRepository(db),
    widgets: new WidgetsRepository(db),
    integrations: new IntegrationsRepository(db),
    supportRequests: new SupportRequestsRepository(db),
    deliveries: new DeliveriesRepository(db),
    emails: new EmailsRepository(db),
  };
  const users = new UsersService(repos.users, clock);
  const random = createRandom(config.MOCK_SEED);
  const integrations = new IntegrationsService(repos.integrations, repos.widgets, clock);
  // Jitter spreads real-clock retries apart; the virtual clock walks the ladder exactly.
  const schedule = new RetrySchedule(config.RETRY_SCHEDULE, clock.mode === 'real');
  const transports = {
    webhooks: new WebhookClient({ timeoutMs: config.WEBHOOK_TIMEOUT_MS }),
    smtp: config.SMTP_URL ? createSmtpTransport(config.SMTP_URL) : undefined,
  };
  const waiters = new SettledWaiters();
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
    smtp: transports.smtp,
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
  return {
    config,
    db,
    clock,
    partners: new Partners(config.SNAPENGAGE_API_KEYS),
    repos,
    users,
    widgets: new WidgetsService(repos.widgets, users, clock),
    random,
    integrations,
    supportRequests: new SupportRequestsService({
      transaction,
      supportRequests: repos.supportRequests,
      deliveries: repos.deliveries,
      integrations,
      dispatcher,
      clock,
      random,
    }),
    deliveries: new DeliveriesService({ deliveries: repos.deliveries, emails: repos.emails, integrations, dispatcher, waiters, schedule, clock }),
    dispatcher,
    waiters,
    transports,
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
