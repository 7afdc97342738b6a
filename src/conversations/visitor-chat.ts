// The visitor's side of the front desk, as SnapEngage's Visitor Chat API and widget availability answer it: whether a
// widget is online (flags as the strings "true"/"false"), starting a chat or leaving an offline message, polling the
// other side's lines from an index, sending a line and closing.
import { badRequest, notFound } from '../core/errors.js';
import type { VisitorDetails, NameValue } from '../db/conversations-repository.js';
import type { WidgetSettingsRepository } from '../db/widget-settings-repository.js';
import type { OwnedWidget, WidgetsRepository } from '../db/widgets-repository.js';
import type { Desk, Line } from './desk.js';
import { VISITOR_ALIAS } from './desk.js';
import type { Presence } from './presence.js';

/** What a widget asks of a visitor before a chat (SnapEngage's Design Studio settings), kept per widget by the mock. */
export interface ChatSettings {
  emailRequired: boolean;
  messageRequired: boolean;
  screenshotRequired: boolean;
}

export const DEFAULT_CHAT_SETTINGS: ChatSettings = { emailRequired: false, messageRequired: false, screenshotRequired: false };

type Flag = 'true' | 'false';
export interface WidgetAvailability {
  widgetId: string;
  online: Flag;
  emailRequired: Flag;
  messageRequired: Flag;
  screenshotRequired: Flag;
}

export interface StartInput extends Omit<VisitorDetails, 'ipAddress' | 'languageCode'> {
  isOffline?: boolean;
  visitorMessage?: string;
  variables?: NameValue[];
  proactive?: boolean;
  /** The proactive invitation this chat answers (the JavaScript widget's): its first line. */
  invitation?: Line;
}

/** What the request itself tells about the visitor, used where the parameters say nothing. */
export interface ClientInfo {
  ipAddress?: string;
  userAgent?: string;
  acceptLanguage?: string;
}

export interface PolledLine {
  index: number;
  type: 'agent' | 'system';
  author: string;
  text: string;
}

const flag = (value: boolean): Flag => (value ? 'true' : 'false');

export class VisitorChat {
  constructor(
    private readonly widgets: WidgetsRepository,
    private readonly settings: WidgetSettingsRepository<ChatSettings>,
    private readonly presence: Presence,
    private readonly desk: Desk,
  ) {}

  /** Any key's widget, for what SnapEngage serves without a key (availability, the status image). */
  find(widgetId: string): OwnedWidget | undefined {
    return this.widgets.findById(widgetId);
  }

  /** One of `partner`'s widgets; another key's is indistinguishable from a missing one. */
  widget(widgetId: string, partner: string): OwnedWidget {
    const widget = this.widgets.findById(widgetId);
    if (!widget || widget.partner !== partner) throw notFound('widget_not_found', `no widget with id ${widgetId}`);
    return widget;
  }

  chatSettings(widget: OwnedWidget): ChatSettings {
    return this.settings.find(widget.id)?.settings ?? DEFAULT_CHAT_SETTINGS;
  }

  putChatSettings(widget: OwnedWidget, settings: ChatSettings, now: number): ChatSettings {
    this.settings.put({ widgetId: widget.id, partner: widget.partner, settings, updatedAt: now });
    return settings;
  }

  availability(widget: OwnedWidget): WidgetAvailability {
    const settings = this.chatSettings(widget);
    return {
      widgetId: widget.id,
      online: flag(this.presence.availability(widget).online),
      emailRequired: flag(settings.emailRequired),
      messageRequired: flag(settings.messageRequired),
      screenshotRequired: flag(settings.screenshotRequired),
    };
  }

  /** A chat when the widget is online and the visitor did not ask for offline; an offline message (a case at once) otherwise. */
  start(widget: OwnedWidget, input: StartInput, client: ClientInfo): { caseId: string; widgetId: string; type: 'chat' | 'offline' } {
    const settings = this.chatSettings(widget);
    if (settings.emailRequired && !input.email) throw badRequest('email', 'required', `email is required: widget ${widget.id} has emailRequired`);
    if (settings.messageRequired && !input.visitorMessage) {
      throw badRequest('visitorMessage', 'required', `visitorMessage is required: widget ${widget.id} has messageRequired`);
    }
    const { isOffline, visitorMessage, variables, proactive, invitation, ...details } = input;
    const visitor: VisitorDetails = {
      ...details,
      userAgent: details.userAgent ?? client.userAgent,
      ipAddress: client.ipAddress,
      languageCode: details.locale ?? client.acceptLanguage,
    };
    const type = isOffline || !this.presence.availability(widget).online ? 'offline' : 'chat';
    const conversation = this.desk.open(widget, { type, visitor: withoutBlanks(visitor), variables, message: visitorMessage, proactive, invitation });
    return { caseId: conversation.caseId, widgetId: widget.id, type };
  }

  /** The other side's lines from `index` on (that line included), and whether an agent is typing. */
  poll(partner: string, caseId: string, index: number, isTyping: boolean): { caseId: string; agentTyping: boolean; messageList: PolledLine[] } {
    const conversation = this.desk.get(partner, caseId);
    if (conversation.status !== 'closed') this.desk.typing(conversation, 'visitor', isTyping);
    const lines = this.desk.linesToVisitor(conversation, index);
    return {
      caseId,
      agentTyping: conversation.agentTyping,
      messageList: lines.map((m) => ({ index: m.index, type: m.kind === 'system' ? 'system' : 'agent', author: m.author, text: m.text })),
    };
  }

  /** messageType 1 sends the visitor's line, 2 closes the chat. */
  send(partner: string, caseId: string, messageType: '1' | '2', messageBody: string): { caseId: string; messageBody: string; messageType: string } {
    const conversation = this.desk.get(partner, caseId);
    // SnapEngage documents 400 for what it refuses: a closed chat is refused as one.
    this.desk.assertOpen(conversation, 400);
    if (messageType === '1' && messageBody === '') throw badRequest('messageBody', 'required', 'messageBody is required to send a line (messageType 1)');
    if (messageType === '2') this.desk.close(conversation, 'visitor');
    else this.desk.post(conversation, { kind: 'visitor', author: conversation.visitor.name ?? VISITOR_ALIAS, text: messageBody });
    return { caseId, messageBody, messageType };
  }
}

/** The visitor's details without the fields left out or sent empty: an empty field is no detail. */
function withoutBlanks<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}
