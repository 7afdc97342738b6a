// The app-wide objects every route and worker reaches through `app.ctx`: config, store, clock, services.
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/open.js';
import { UsersRepository } from './db/users-repository.js';
import { WidgetsRepository } from './db/widgets-repository.js';
import { Partners } from './partners.js';
import { UsersService } from './provisioning/users-service.js';
import { WidgetsService } from './provisioning/widgets-service.js';

export interface AppContext {
  config: Config;
  db: Db;
  clock: Clock;
  partners: Partners;
  repos: { users: UsersRepository; widgets: WidgetsRepository };
  users: UsersService;
  widgets: WidgetsService;
}

export function createContext(config: Config, db: Db, clock: Clock): AppContext {
  const repos = { users: new UsersRepository(db), widgets: new WidgetsRepository(db) };
  const users = new UsersService(repos.users, clock);
  return {
    config,
    db,
    clock,
    partners: new Partners(config.SNAPENGAGE_API_KEYS),
    repos,
    users,
    widgets: new WidgetsService(repos.widgets, users, clock),
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
