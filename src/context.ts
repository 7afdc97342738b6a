// The app-wide objects every route and worker reaches through `app.ctx`: config, store, clock, services.
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { EmailsRepository } from './db/emails-repository.js';
import { IntegrationsRepository } from './db/integrations-repository.js';
import type { Db } from './db/open.js';
import { OutboxRepository } from './db/outbox-repository.js';
import { UsersRepository } from './db/users-repository.js';
import { WidgetsRepository } from './db/widgets-repository.js';
import { Dispatcher } from './integration/dispatcher.js';
import { IntegrationsService } from './integration/integrations-service.js';
import { createRandom, type Random } from './random.js';
import { SupportRequestsService } from './integration/support-requests-service.js';
import { WebhookClient } from './integration/webhook-client.js';
import { Partners } from './partners.js';
import { UsersService } from './provisioning/users-service.js';
import { WidgetsService } from './provisioning/widgets-service.js';

export interface AppContext {
  config: Config;
  db: Db;
  clock: Clock;
  partners: Partners;
  repos: {
    users: UsersRepository;
    widgets: WidgetsRepository;
    integrations: IntegrationsRepository;
    outbox: OutboxRepository;
    emails: EmailsRepository;
  };
  users: UsersService;
  widgets: WidgetsService;
  /** Generates support requests; seeded by MOCK_SEED when set. */
  random: Random;
  integrations: IntegrationsService;
  supportRequests: SupportRequestsService;
  dispatcher: Dispatcher;
}

export function createContext(config: Config, db: Db, clock: Clock, log: FastifyBaseLogger = pino({ level: 'silent' })): AppContext {
  const repos = {
    users: new UsersRepository(db),
    widgets: new WidgetsRepository(db),
    integrations: new IntegrationsRepository(db),
    outbox: new OutboxRepository(db),
    emails: new EmailsRepository(db),
  };
  const users = new UsersService(repos.users, clock);
  const random = createRandom(config.MOCK_SEED);
  const integrations = new IntegrationsService(repos.integrations, repos.widgets, clock);
  const dispatcher = new Dispatcher({
    config,
    clock,
    log,
    client: new WebhookClient({ timeoutMs: config.WEBHOOK_TIMEOUT_MS }),
    outbox: repos.outbox,
    integrations: repos.integrations,
    widgets: repos.widgets,
    emails: repos.emails,
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
    supportRequests: new SupportRequestsService(repos.outbox, integrations, dispatcher, clock, random),
    dispatcher,
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
