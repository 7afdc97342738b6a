// The widget's state and what happens on the page: the page registers with the mock, the button opens the box, the
// visitor's first line starts a chat (or leaves an offline message), a held poll brings the agent's lines, the close and
// the control plane's invitations, and every step fires the page's callback with the documented arguments.
import type { WidgetPoll, WidgetVisitor } from '../../src/widget-js/schemas.js';
import { ChatBox, type BoxMode } from './box.js';
import { ChatButton } from './button.js';
import { Callbacks } from './callbacks.js';
import { showLines, type Chat, type ChatType } from './chat-lines.js';
import { Link } from './link.js';
import { PageSettings } from './page-settings.js';
import { HttpError, Transport, type Cursor } from './transport.js';

export interface WidgetConfig { widgetId: string; origin: string }

const reasonOf = (err: unknown) =>
  err instanceof HttpError && err.status === 429 ? 'Too many chats were started here; please try again in a minute.' : 'Your message could not be sent; please try again.';

export class Widget {
  readonly callbacks = new Callbacks();
  readonly page = new PageSettings();

  private readonly link: Link;
  private readonly button: ChatButton;
  private readonly box: ChatBox;
  private widgetId: string;
  private online = false;
  private chat: Chat | null = null;
  private after = 0;
  private view: 'hidden' | 'open' | 'minimized' = 'hidden';
  private mode: BoxMode = 'chat';
  private invitation: { agentAlias: string; message: string } | null = null;
  /** The box's showing has not yet told the page Close (an agent's close tells it once). */
  private closeOwed = false;
  private nextWidgetId: string | null = null;

  constructor(config: WidgetConfig, doc: Document) {
    this.link = new Link(new Transport(config.origin), {
      registered: (visitor) => {
        this.after = 0;
        this.setOnline(visitor.online);
      },
      answer: (answer) => this.apply(answer),
      lost: () => {
        if (this.chatOpen()) this.box.say('The connection to the chat was lost.');
        this.chat = null;
      },
      cursor: () => this.cursor(),
    });
    this.widgetId = config.widgetId;
    const mount = doc.body ?? doc.documentElement;
    this.button = new ChatButton(doc, () => this.open());
    mount.appendChild(this.button.el);
    this.box = new ChatBox(doc, mount, config.origin, {
      submit: (text, email) => void this.submit(text, email),
      pick: (label, botName) => this.pick(label, botName),
      close: () => void this.closeBox(),
      minimize: () => this.minimize(),
    });
    if (this.widgetId) this.link.connect(this.widgetId);
  }

  /** Resolves once the page is registered (null without a widget, or when the mock refused it). */
  ready(): Promise<WidgetVisitor | null> {
    return this.link.ready();
  }

  status(): 'online' | 'offline' {
    return this.online ? 'online' : 'offline';
  }

  // ---- what the page calls (api.ts) ----

  /** setWidgetId, switchWidget, SnapABug.init: the next chat goes to that widget (after the one under way). */
  setWidgetId(id: string): void {
    if (!id || (id === this.widgetId && this.link.visitor)) return;
    if (this.chatOpen()) {
      this.nextWidgetId = id;
      return;
    }
    this.widgetId = id;
    this.chat = null;
    this.link.connect(id);
  }

  setButtonHidden(hidden: boolean): void {
    this.button.setHiddenByPage(hidden);
  }

  /** The button, startLink(): opens the box (a minimized one comes back). */
  open(): void {
    if (this.view === 'open') return this.box.show(this.boxState());
    if (this.view === 'minimized') {
      this.showBox();
      return this.callbacks.fire('Minimize', false, this.chatType(), this.mode);
    }
    if (!this.chatOpen()) {
      this.mode = this.online ? 'chat' : 'form';
      this.box.clear();
      this.box.setFormShown(true);
    }
    this.closeOwed = true;
    this.showBox();
    this.callbacks.fire('Open', this.status());
  }

  /** A proactive invitation (the control plane's, or openProactiveChat's): shown unless the page refused them or is busy. */
  invite(agentAlias: string, message: string, forced: boolean): void {
    if ((!forced && !this.page.allowProactive) || this.chatOpen() || this.view === 'open') return;
    this.invitation = { agentAlias, message };
    this.mode = 'proactive';
    this.box.clear();
    this.box.setFormShown(true);
    this.box.add('agent', agentAlias, message);
    this.closeOwed = true;
    this.showBox();
    this.callbacks.fire('OpenProactive', agentAlias, message);
  }

  /** openProactiveChat: the page's own invitation, said by the agent the mock names (a chat answering it names them too). */
  async selfInvite(message: string, forced: boolean, evenOffline: boolean): Promise<void> {
    const visitor = await this.ready();
    if (!visitor || (!this.online && !evenOffline) || (!forced && !this.page.allowProactive) || this.chatOpen() || this.view === 'open') return;
    const invitation = await this.link.transport.invite(visitor, message).catch(() => null);
    if (invitation) this.invite(invitation.agentAlias, invitation.message, forced);
  }

  /** sendTextToChat(text, 'visitor') sends as the visitor in an open chat; without 'visitor' it fills the message field. */
  sendText(text: string, asVisitor: boolean): boolean {
    if (!asVisitor) {
      this.box.prefill(text);
      return true;
    }
    if (!this.chatOpen()) return false;
    void this.submit(text, '');
    return true;
  }

  /** getAgentStatusAsync: the widget's availability now (presence and schedule, on its key's clock). */
  agentStatus(callback: (online: boolean) => void): void {
    const id = this.widgetId;
    const answer = id ? this.link.transport.online(id).catch(() => false) : Promise.resolve(false);
    void answer.then((online) => callback(online));
  }

  // ---- the visitor's acts in the box ----

  /** The form: a line of the chat under way, else the start of one (or an offline message). */
  async submit(text: string, email: string): Promise<void> {
    if (email && !this.page.emailLocked) this.page.email = email;
    const visitor = await this.ready();
    if (!visitor) return this.box.say('The chat is not available right now.');
    try {
      if (this.chatOpen()) {
        await this.line(visitor, text);
        this.box.sent();
      } else {
        await this.start(visitor, text);
      }
    } catch (err) {
      this.box.say(reasonOf(err));
    }
  }

  /** A bot's button: InlineButtonClicked at the click (SnapEngage's SDK: "fired when the visitor clicks"), then its label is the visitor's line. */
  private async pick(label: string, botName: string): Promise<boolean> {
    const visitor = this.link.visitor;
    if (!visitor || !this.chatOpen()) return false;
    // SnapEngage's answers carry no value apart from the text: the label is both.
    this.callbacks.fire('InlineButtonClicked', { botName, buttonLabel: label, buttonValue: label });
    return this.line(visitor, label).then(() => true, (err: unknown) => (this.box.say(reasonOf(err)), false));
  }

  /** A line of the chat under way, typed or picked. */
  private async line(visitor: WidgetVisitor, text: string): Promise<void> {
    await this.link.transport.send(visitor, text);
    this.box.add('own', 'You', text);
    this.callbacks.fire('ChatMessageSent', text);
  }

  private async start(visitor: WidgetVisitor, text: string): Promise<void> {
    const invitation = this.mode === 'proactive' ? this.invitation?.message : undefined;
    const started = await this.link.transport.startChat(visitor, this.page.startBody(text, this.mode === 'form', invitation));
    this.box.sent();
    this.box.add('own', 'You', text);
    if (started.type === 'offline') {
      this.mode = 'form';
      this.box.setFormShown(false);
      this.box.say('Thanks! Your message was sent; we will reply by email.');
      return this.callbacks.fire('MessageSubmit', this.page.email, text);
    }
    const type: ChatType = invitation === undefined ? 'manual' : 'proactive';
    this.chat = { caseId: started.caseId, status: 'queued', index: started.index, type, typing: false, agent: this.invitation?.agentAlias ?? null };
    this.invitation = null;
    this.mode = 'chat';
    this.box.render(this.boxState());
    this.callbacks.fire('StartChat', this.page.email, text, type);
  }

  private minimize(): void {
    this.view = 'minimized';
    this.box.hide();
    this.button.setBoxOpen(false);
    this.callbacks.fire('Minimize', true, this.chatType(), this.mode);
  }

  /** The box's close button: the chat under way ends (a case), the box goes, and Close tells what it was. */
  private async closeBox(): Promise<void> {
    const type = this.mode === 'form' ? 'form' : this.mode === 'proactive' ? 'proactive' : 'chat';
    const ending = this.chatOpen() ? this.chat : null;
    this.view = 'hidden';
    this.invitation = null;
    this.box.hide();
    this.button.setBoxOpen(false);
    if (ending) ending.status = 'closed';
    if (this.closeOwed) {
      this.closeOwed = false;
      this.callbacks.fire('Close', type, this.status());
    }
    if (ending && this.link.visitor) await this.link.transport.close(this.link.visitor).catch(() => undefined);
    this.afterChat();
  }

  // ---- what the mock tells ----

  private cursor(): Cursor {
    const chat = this.chat;
    const online = this.online;
    return chat ? { index: chat.index, after: this.after, status: chat.reported ?? chat.status, typing: chat.typing, online } : { index: 0, after: this.after, status: 'none', typing: false, online };
  }

  private apply(answer: WidgetPoll): void {
    this.setOnline(answer.online);
    const chat = this.chat;
    // A chat the mock answered before and no longer has (widget deleted, reset) is over: polls run one at a time.
    if (chat?.reported && answer.chat?.caseId !== chat.caseId) {
      if (chat.status !== 'closed') this.ended(chat);
      this.chat = null;
    } else if (chat && answer.chat) {
      chat.reported = answer.chat.status;
      showLines(chat, answer.chat.lines, this.box, (author, text) => this.callbacks.fire('ChatMessageReceived', author, text));
      chat.typing = answer.chat.agentTyping;
      this.box.setTyping(chat.typing && chat.status !== 'closed' ? (chat.agent ?? 'The agent') : null);
      if (answer.chat.status === 'closed' && chat.status !== 'closed') this.ended(chat);
      else if (chat.status !== 'closed') chat.status = answer.chat.status;
    }
    for (const event of answer.events) {
      if (event.seq <= this.after) continue;
      this.after = event.seq;
      if (event.type === 'proactive') this.invite(event.agentAlias, event.message, false);
      else {
        this.callbacks.fire('SwitchWidget', event.widgetId);
        this.setWidgetId(event.widgetId);
      }
    }
  }

  /** The agent (or a bot, or an idle timer) closed the chat: the box says so, and the page hears Close once. */
  private ended(chat: Chat): void {
    chat.status = 'closed';
    this.box.setTyping(null);
    this.box.say('The chat has ended.');
    this.box.render(this.boxState());
    if (this.closeOwed) {
      this.closeOwed = false;
      this.callbacks.fire('Close', 'chat', this.status());
    }
    this.afterChat();
  }

  private afterChat(): void {
    const next = this.nextWidgetId;
    this.nextWidgetId = null;
    if (next) this.setWidgetId(next);
  }

  private setOnline(online: boolean): void {
    this.online = online;
    this.button.setOnline(online);
  }

  private chatOpen(): boolean {
    return this.chat !== null && this.chat.status !== 'closed';
  }

  private chatType(): ChatType {
    return this.chatOpen() ? this.chat!.type : this.mode === 'proactive' ? 'proactive' : 'manual';
  }

  private boxState() {
    return { mode: this.mode, chatting: this.chatOpen(), email: this.page.email, emailLocked: this.page.emailLocked, emailRequired: this.link.visitor?.emailRequired ?? false };
  }

  private showBox(): void {
    this.view = 'open';
    this.button.setBoxOpen(true);
    this.box.show(this.boxState());
  }
}
