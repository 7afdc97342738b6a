// A widget's chat bot: its settings (only the widget owner's api_key; the token write-only, a URL reaching the mock
// itself refused), whether it takes the widget's new chats, and the visitors it banned.
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { AppError, notFound } from '../core/errors.js';
import type { BanKind, BotBan, BotBansRepository } from '../db/bot-bans-repository.js';
import type { Bot, BotsRepository } from '../db/bots-repository.js';
import type { VisitorDetails } from '../db/conversations-repository.js';
import type { OwnedWidget } from '../db/widgets-repository.js';
import type { IntegrationsService } from '../integration/integrations-service.js';
import { DEFAULT_BOT_NAME, type BotSettings } from './schemas.js';

export interface BotInput {
  url: string;
  token?: string | null;
  name?: string;
  timeoutMs?: number;
}

export class BotsService {
  constructor(
    private readonly bots: BotsRepository,
    private readonly bans: BotBansRepository,
    private readonly integrations: IntegrationsService,
    private readonly clock: Clock,
    private readonly config: Config,
  ) {}

  /** PUT semantics: replaced whole, a field left out takes its default; the bot's bans stay. */
  async put(partner: string, widgetId: string, input: BotInput): Promise<Bot> {
    await this.integrations.checkTarget(partner, widgetId, input.url, 'each call would come back to the mock; point it at your bot');
    const now = this.clock.now(partner);
    return this.bots.upsert({
      widgetId,
      partner,
      url: input.url,
      token: input.token || null,
      name: input.name ?? DEFAULT_BOT_NAME,
      timeoutMs: input.timeoutMs ?? null,
      createdAt: now,
      updatedAt: now,
    });
  }

  get(partner: string, widgetId: string): Bot {
    this.integrations.ownedWidget(partner, widgetId);
    const bot = this.bots.findByWidget(widgetId);
    if (!bot) throw notFound('bot_not_found', `widget ${widgetId} has no bot; PUT /_mock/widgets/${widgetId}/bot first`);
    return bot;
  }

  /** The widget's new chats go to its agents again; chats a bot has now stay with it (its calls then fail: no bot). */
  delete(partner: string, widgetId: string): void {
    this.integrations.ownedWidget(partner, widgetId);
    if (!this.bots.delete(widgetId)) throw notFound('bot_not_found', `widget ${widgetId} has no bot`);
  }

  find(widgetId: string): Bot | undefined {
    return this.bots.findByWidget(widgetId);
  }

  timeoutOf(bot: Bot): number {
    return bot.timeoutMs ?? this.config.BOT_TIMEOUT_MS;
  }

  /** Whether a bot takes the widget's new chats (and keeps the widget online without an agent). */
  hasBot(widgetId: string): boolean {
    return this.bots.findByWidget(widgetId) !== undefined;
  }

  /** Refuses a visitor the widget's bot banned, by their email or their IP address (400, as the Visitor Chat API refuses). */
  admit(widget: OwnedWidget, visitor: VisitorDetails): void {
    const email = visitor.email?.toLowerCase();
    const ban = (email && this.bans.find(widget.id, 'email', email)) || (visitor.ipAddress && this.bans.find(widget.id, 'ip', visitor.ipAddress));
    if (ban) throw new AppError(400, 'visitor_banned', `this visitor was banned from widget ${widget.id} by its bot (${ban.kind}, in conversation ${ban.caseId})`);
  }

  /** Bans the visitor from the widget: by `kind`, or by IP when the visitor gave no email. False when there is nothing to ban them by. */
  ban(widget: { id: string; partner: string }, visitor: VisitorDetails, kind: BanKind, caseId: string): boolean {
    const email = visitor.email?.toLowerCase();
    const by: BanKind = kind === 'email' && !email ? 'ip' : kind;
    const value = by === 'email' ? email : visitor.ipAddress;
    if (!value || !this.bots.findByWidget(widget.id)) return false;
    this.bans.add({ widgetId: widget.id, kind: by, value, partner: widget.partner, caseId, createdAt: this.clock.now(widget.partner) });
    return true;
  }

  bansOf(widgetId: string): BotBan[] {
    return this.bans.ofWidget(widgetId);
  }

  /** The settings as every answer shows them: whether a token is set, never the token. */
  toResponse(bot: Bot): BotSettings {
    return {
      widgetId: bot.widgetId,
      url: bot.url,
      name: bot.name,
      tokenSet: bot.token !== null,
      timeoutMs: this.timeoutOf(bot),
      bans: this.bansOf(bot.widgetId).map(({ kind, value, caseId, createdAt }) => ({ kind, value, caseId, createdAt })),
      createdAt: bot.createdAt,
      updatedAt: bot.updatedAt,
    };
  }
}
