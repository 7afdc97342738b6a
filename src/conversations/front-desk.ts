// Builds the front desk once (createContext calls it): the store's tables, the state machine, presence, scripts, the
// visitor's and the agent's sides, and the timers the dispatcher's advances walk through.
import type { FastifyBaseLogger } from 'fastify';
import type { BotExchanger } from '../bots/bot-exchange.js';
import type { BotsService } from '../bots/bots-service.js';
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { EventHub } from '../core/event-hub.js';
import { BotCallsRepository } from '../db/bot-calls-repository.js';
import { ConversationsRepository } from '../db/conversations-repository.js';
import { MessagesRepository } from '../db/messages-repository.js';
import type { Db, Transaction } from '../db/open.js';
import { PresenceRepository } from '../db/presence-repository.js';
import { TimersRepository } from '../db/timers-repository.js';
import { WidgetSettingsRepository } from '../db/widget-settings-repository.js';
import type { OwnedWidget, WidgetsRepository } from '../db/widgets-repository.js';
import type { AgentStatus } from '../db/presence-repository.js';
import type { Dispatcher } from '../delivery/dispatcher.js';
import { SettledWaiters } from '../delivery/settled-waiters.js';
import type { SupportRequestsService } from '../integration/support-requests-service.js';
import { AgentDesk } from './agent-desk.js';
import { AgentScripts, type AgentScript } from './agent-scripts.js';
import { BotDriver } from './bot-driver.js';
import { Desk } from './desk.js';
import { DeskTimers } from './desk-timers.js';
import { Presence } from './presence.js';
import { VisitorChat, type ChatSettings } from './visitor-chat.js';

export interface FrontDeskDeps {
  config: Config;
  db: Db;
  transaction: Transaction;
  clock: Clock;
  log: FastifyBaseLogger;
  widgets: WidgetsRepository;
  supportRequests: SupportRequestsService;
  dispatcher: Dispatcher;
  events: EventHub;
  /** The widgets' chat bots (src/bots/): who takes a new chat first, and the calls to them. */
  bots: BotsService;
  botExchanger: BotExchanger;
}

export interface FrontDesk {
  desk: Desk;
  presence: Presence;
  scripts: AgentScripts;
  visitors: VisitorChat;
  agents: AgentDesk;
  timers: DeskTimers;
  bots: BotDriver;
}

/** A widget's desk as a fixture file sets it up: its agents' statuses, a script, what it asks of visitors. */
export interface DeskFixture {
  presence?: Array<{ agentId: string; status: AgentStatus; maxChats?: number }>;
  agentScript?: AgentScript;
  chatSettings?: ChatSettings;
}

/** Applies a fixture's desk to its widget (at load, and again when a reset restores the widget). */
export function staffWidget(frontDesk: FrontDesk, widget: OwnedWidget, fixture: DeskFixture, now: number): void {
  if (fixture.chatSettings) frontDesk.visitors.putChatSettings(widget, fixture.chatSettings, now);
  if (fixture.agentScript) frontDesk.scripts.put(widget, fixture.agentScript);
  for (const { agentId, status, maxChats } of fixture.presence ?? []) frontDesk.agents.setStatus(widget.partner, widget.id, agentId, status, maxChats);
}

export function createFrontDesk(deps: FrontDeskDeps): FrontDesk {
  const { config, db, transaction, clock, log, widgets, supportRequests, dispatcher, events, bots } = deps;
  const conversations = new ConversationsRepository(db);
  const timers = new DeskTimers(new TimersRepository(db), clock, transaction, log.child({ module: 'front-desk' }));
  dispatcher.setTimedWork(timers);
  const desk = new Desk({ config, clock, transaction, conversations, messages: new MessagesRepository(db), widgets, timers, supportRequests, events, log: log.child({ module: 'front-desk' }), reception: bots });
  const presence = new Presence(new PresenceRepository(db), conversations, clock, (widgetId) => bots.hasBot(widgetId));
  const scripts = new AgentScripts(new WidgetSettingsRepository<AgentScript>(db, 'agent_scripts'), widgets, desk, presence, timers, clock);
  desk.listen(scripts);
  const botDriver = new BotDriver({
    config,
    clock,
    log: log.child({ module: 'bots' }),
    transaction,
    desk,
    presence,
    widgets,
    bots,
    calls: new BotCallsRepository(db),
    timers,
    exchanger: deps.botExchanger,
    waiters: new SettledWaiters(),
    events,
  });
  desk.listen(botDriver);
  const visitors = new VisitorChat(widgets, new WidgetSettingsRepository<ChatSettings>(db, 'chat_settings'), presence, desk);
  return { desk, presence, scripts, visitors, agents: new AgentDesk(desk, presence, scripts, visitors), timers, bots: botDriver };
}
