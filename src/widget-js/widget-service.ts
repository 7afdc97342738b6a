// What the JavaScript widget does through the front desk, for pages (keyless: a visitor token per page) and for the
// control plane (keyed): a page registers, starts a chat or leaves an offline message, sends, closes, and polls for the
// agent's lines and the control plane's invitations. Every chat goes through conversations/ (VisitorChat, Desk), so it is
// the same conversation agents, scripts and bots see in /_mock/conversations.
import type { Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import { AppError, notFound } from '../core/errors.js';
import type { Conversation, NameValue } from '../db/conversations-repository.js';
import type { Agent, OwnedWidget } from '../db/widgets-repository.js';
import type { FrontDesk } from '../conversations/front-desk.js';
import type { ClientInfo } from '../conversations/visitor-chat.js';
import { publishedAgentId } from '../conversations/published.js';
import { StartRate } from './start-rate.js';
import type { Invitation, Visitor, VisitorEvent, VisitorRegistry } from './visitors.js';

export type ChatStatus = Conversation['status'];

export interface PageInfo {
  pageUrl?: string;
  referrerUrl?: string;
}

export interface StartChat {
  email?: string;
  name?: string;
  locale?: string;
  message?: string;
  variables?: NameValue[];
  offline?: boolean;
  /** The invitation the page showed (the page's own openProactiveChat, or the control plane's): a proactive chat. */
  invitation?: string;
}

/** Where the page is: the next line index it wants, the last event it saw, the chat state it shows. */
export interface Cursor {
  index: number;
  after: number;
  status: 'none' | ChatStatus;
  typing: boolean;
  /** Whether the page shows the widget online (its button's label); left out, never compared. */
  online?: boolean;
}

export interface PolledChat {
  caseId: string;
  status: ChatStatus;
  agentTyping: boolean;
  endedBy: string | null;
  lines: Array<{ index: number; kind: 'agent' | 'bot' | 'system'; author: string; text: string }>;
}

export interface WidgetServiceDeps {
  config: Config;
  clock: Clock;
  frontDesk: FrontDesk;
  visitors: VisitorRegistry;
}

export class WidgetService {
  readonly #rate: StartRate;

  constructor(private readonly deps: WidgetServiceDeps) {
    this.#rate = new StartRate(deps.config.WIDGET_CHATS_PER_MINUTE);
  }

  /** Any key's widget: the widget's routes are keyless, as SnapEngage's are (404 for none). */
  widget(widgetId: string): OwnedWidget {
    const widget = this.deps.frontDesk.visitors.find(widgetId);
    if (!widget) throw notFound('widget_not_found', `no widget with id ${widgetId.slice(0, 60)}`);
    return widget;
  }

  /** The alias an invitation carries: the agent named, else a free online agent, else the widget's first. */
  inviter(widget: OwnedWidget, agentRef?: string): Agent {
    const { presence } = this.deps.frontDesk;
    return agentRef ? presence.agent(widget, agentRef) : (presence.freeAgent(widget) ?? widget.agents[0]!);
  }

  register(widgetId: string, page: PageInfo) {
    const widget = this.widget(widgetId);
    const { visitor, token } = this.deps.visitors.add({ widgetId: widget.id, partner: widget.partner, ...page, openedAt: this.deps.clock.now(widget.partner) });
    const settings = this.deps.frontDesk.visitors.chatSettings(widget);
    return {
      visitorId: visitor.id,
      token,
      widgetId: widget.id,
      online: this.#online(widget),
      emailRequired: settings.emailRequired,
      messageRequired: settings.messageRequired,
      pollMs: this.pollMs,
    };
  }

  /** How long a poll is held: WIDGET_POLL_MS, and never past half the socket's idle timeout. */
  get pollMs(): number {
    return Math.min(this.deps.config.WIDGET_POLL_MS, Math.floor(this.deps.config.REQUEST_TIMEOUT_MS / 2));
  }

  /** What is new for the page at once; otherwise held until something is (or WIDGET_POLL_MS passes). */
  async poll(visitorId: string, token: string | undefined, cursor: Cursor) {
    let visitor = this.deps.visitors.find(visitorId, token);
    let answer = this.#answer(visitor, cursor);
    if (!answer.fresh) {
      await this.deps.visitors.wait(visitor, this.pollMs);
      // A reset (or the idle sweep) may have dropped the page meanwhile: then 404, and the page registers anew.
      visitor = this.deps.visitors.find(visitorId, token);
      answer = this.#answer(visitor, cursor);
    }
    return answer.body;
  }

  startChat(visitorId: string, token: string | undefined, input: StartChat, client: ClientInfo) {
    const { visitors, frontDesk } = this.deps;
    const visitor = visitors.find(visitorId, token);
    const open = this.#conversation(visitor);
    if (open && open.status !== 'closed') throw new AppError(409, 'chat_in_progress', `this page's chat ${open.caseId} is still open: send to it, or close it first`);
    const widget = this.widget(visitor.widgetId);
    const invitation = input.invitation === undefined ? undefined : this.#invitation(visitor, widget, input.invitation);
    // Counted once the page's own input is valid: a start it got wrong (400) uses none of the widget's minute.
    this.#rate.take(widget.id);
    const started = frontDesk.visitors.start(
      widget,
      {
        email: input.email,
        name: input.name,
        locale: input.locale,
        pageUrl: visitor.pageUrl,
        referrerUrl: visitor.referrerUrl,
        isOffline: input.offline,
        visitorMessage: input.message,
        variables: input.variables,
        proactive: invitation !== undefined,
        invitation: invitation && { kind: 'agent', author: invitation.agentAlias, agentId: invitation.agentId, text: invitation.message },
      },
      client,
    );
    visitor.invitation = null;
    if (started.type === 'offline') return { caseId: started.caseId, type: started.type, index: 0 };
    visitors.attachChat(visitor, started.caseId);
    return { caseId: started.caseId, type: started.type, index: frontDesk.desk.get(widget.partner, started.caseId).nextIndex };
  }

  /** The page is going (pagehide): the control plane stops listing it at once rather than after WIDGET_VISITOR_IDLE_MS. */
  leave(visitorId: string, token: string | undefined): void {
    const { visitors } = this.deps;
    visitors.remove(visitors.find(visitorId, token));
  }

  /** The page's own proactive invitation (openProactiveChat): said by the widget's inviter, whom a chat answering it names. */
  selfInvite(visitorId: string, token: string | undefined, message: string): { agentAlias: string; message: string } {
    const visitor = this.deps.visitors.find(visitorId, token);
    this.deps.frontDesk.desk.checkLength(message);
    const agent = this.inviter(this.widget(visitor.widgetId));
    visitor.invitation = { agentId: publishedAgentId(agent), agentAlias: agent.agentAlias, message };
    return { agentAlias: agent.agentAlias, message };
  }

  send(visitorId: string, token: string | undefined, text: string): { caseId: string } {
    const visitor = this.deps.visitors.find(visitorId, token);
    const conversation = this.#openConversation(visitor);
    this.deps.frontDesk.visitors.send(visitor.partner, conversation.caseId, '1', text);
    return { caseId: conversation.caseId };
  }

  /** Closes the page's chat; a chat the agent closed already answers as it is, so a page's late close is no error. */
  close(visitorId: string, token: string | undefined) {
    const visitor = this.deps.visitors.find(visitorId, token);
    const conversation = this.#conversation(visitor);
    if (!conversation) throw new AppError(409, 'no_open_chat', 'this page has started no chat');
    if (conversation.status !== 'closed') this.deps.frontDesk.desk.close(conversation, 'visitor');
    return { caseId: conversation.caseId, status: conversation.status, endedBy: conversation.endedBy };
  }

  // ---- the control plane ----

  /** The open pages of one of `partner`'s widgets. */
  pages(partner: string, widgetId: string): Visitor[] {
    this.deps.frontDesk.visitors.widget(widgetId, partner);
    return this.deps.visitors.ofWidget(partner, widgetId);
  }

  /** A proactive invitation to the widget's pages that are not in a chat (or to one page). */
  invite(partner: string, widgetId: string, input: { message: string; agentId?: string; visitorId?: string }) {
    const widget = this.deps.frontDesk.visitors.widget(widgetId, partner);
    if (!widget.enableProactiveChat) {
      throw new AppError(409, 'proactive_chat_disabled', `widget ${widget.id} has enableProactiveChat "false": set it "true" through the Provisioning API (POST /api/v1/widget.json) first`);
    }
    this.deps.frontDesk.desk.checkLength(input.message);
    const agent = this.inviter(widget, input.agentId);
    const invitation: Invitation = { agentId: publishedAgentId(agent), agentAlias: agent.agentAlias, message: input.message };
    const targets = this.#targets(partner, widget, input.visitorId).filter((visitor) => {
      const chatting = this.#conversation(visitor)?.status;
      if (chatting === 'queued' || chatting === 'active' || chatting === 'bot') {
        if (input.visitorId) throw new AppError(409, 'chat_in_progress', `page ${visitor.id} is in a chat (${visitor.caseId}); an invitation would not show`);
        return false;
      }
      return true;
    });
    for (const visitor of targets) {
      visitor.invitation = invitation;
      this.deps.visitors.push(visitor, { type: 'proactive', agentAlias: agent.agentAlias, message: input.message });
    }
    return { widgetId: widget.id, ...invitation, visitors: targets.map((v) => v.id) };
  }

  /** Tells the widget's pages (or one) that the visitor picked another widget: SwitchWidget fires, and the page moves. */
  switchWidget(partner: string, widgetId: string, input: { to: string; visitorId?: string }) {
    const widget = this.deps.frontDesk.visitors.widget(widgetId, partner);
    const to = this.deps.frontDesk.visitors.widget(input.to, partner);
    const targets = this.#targets(partner, widget, input.visitorId);
    for (const visitor of targets) this.deps.visitors.push(visitor, { type: 'switch', widgetId: to.id });
    return { widgetId: widget.id, to: to.id, visitors: targets.map((v) => v.id) };
  }

  // ----

  #targets(partner: string, widget: OwnedWidget, visitorId: string | undefined): Visitor[] {
    const { visitors } = this.deps;
    return visitorId ? [visitors.ofPartner(partner, widget.id, visitorId)] : visitors.ofWidget(partner, widget.id);
  }

  #online(widget: OwnedWidget): boolean {
    return this.deps.frontDesk.presence.availability(widget).online;
  }

  /** The invitation the page was sent last (the control plane's, or its own); one the mock forgot is the page's words, said by the inviter. */
  #invitation(visitor: Visitor, widget: OwnedWidget, shown: string): Invitation {
    if (visitor.invitation) return visitor.invitation;
    this.deps.frontDesk.desk.checkLength(shown);
    const agent = this.inviter(widget);
    return { agentId: publishedAgentId(agent), agentAlias: agent.agentAlias, message: shown };
  }

  /** The page's last chat; null before any, or once a reset wiped it. */
  #conversation(visitor: Visitor): Conversation | null {
    if (!visitor.caseId) return null;
    try {
      return this.deps.frontDesk.desk.get(visitor.partner, visitor.caseId);
    } catch {
      return null;
    }
  }

  #openConversation(visitor: Visitor): Conversation {
    const conversation = this.#conversation(visitor);
    if (!conversation || conversation.status === 'closed') throw new AppError(409, 'no_open_chat', 'this page has no open chat: start one first');
    return conversation;
  }

  #answer(visitor: Visitor, cursor: Cursor): { fresh: boolean; body: { visitorId: string; online: boolean; events: VisitorEvent[]; chat: PolledChat | null } } {
    const events = visitor.events.filter((e) => e.seq > cursor.after);
    const conversation = this.#conversation(visitor);
    const chat = conversation && this.#chat(conversation, cursor.index);
    const widget = this.deps.frontDesk.visitors.find(visitor.widgetId);
    const online = widget !== undefined && this.#online(widget);
    const fresh =
      events.length > 0 ||
      (cursor.online !== undefined && cursor.online !== online) ||
      (chat === null ? cursor.status !== 'none' : chat.lines.length > 0 || chat.status !== cursor.status || chat.agentTyping !== cursor.typing);
    return { fresh, body: { visitorId: visitor.id, online, events, chat } };
  }

  #chat(conversation: Conversation, index: number): PolledChat {
    const lines = this.deps.frontDesk.desk.linesToVisitor(conversation, index).map((m) => ({
      index: m.index,
      kind: m.kind as 'agent' | 'bot' | 'system',
      author: m.author,
      text: m.text,
    }));
    return { caseId: conversation.caseId, status: conversation.status, agentTyping: conversation.agentTyping, endedBy: conversation.endedBy, lines };
  }
}
