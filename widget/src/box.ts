// The chat box: an iframe (#designstudio-iframe) with no src, so its document is about:blank of the page's own origin and
// the page reaches it (SnapEngage's mobile SDK page reads iframe.contentDocument as soon as the script has run). The
// script builds the box in it with DOM calls; its styles come from the mock's stylesheet (the page's CSP must allow the
// mock's origin for styles, as for the script). Everything shown came from somebody else: it is only ever text, and only
// an http(s) URL becomes a link.

export type BoxMode = 'chat' | 'form' | 'proactive';
export type LineKind = 'own' | 'agent' | 'info';

export interface BoxEvents {
  submit(text: string, email: string): void;
  /** A bot's button was clicked: resolves false when its label could not be sent (the buttons act again). */
  pick(label: string, botName: string): Promise<boolean>;
  close(): void;
  minimize(): void;
}

export interface BoxState {
  mode: BoxMode;
  /** A chat is under way (queued or active): the form sends lines, no email is asked. */
  chatting: boolean;
  email: string;
  emailLocked: boolean;
  emailRequired: boolean;
}

const TITLES: Record<BoxMode, string> = { chat: 'Chat with us', form: 'Leave a message', proactive: 'Chat with us' };

type Child = Node | string;

function h<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, props: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = doc.createElement(tag);
  for (const [name, value] of Object.entries(props)) el.setAttribute(name, value);
  for (const child of children) el.append(child);
  return el;
}

export class ChatBox {
  readonly frame: HTMLIFrameElement;
  private readonly title: HTMLHeadingElement;
  private readonly lines: HTMLOListElement;
  private readonly typing: HTMLParagraphElement;
  private readonly notice: HTMLParagraphElement;
  private readonly form: HTMLFormElement;
  private readonly emailRow: HTMLParagraphElement;
  private readonly email: HTMLInputElement;
  private readonly message: HTMLTextAreaElement;
  private readonly submit: HTMLButtonElement;
  /** Bots' buttons that still act: the visitor's next line (a pick or their own words) or the chat's end retires them. */
  private live: HTMLButtonElement[] = [];

  constructor(host: Document, mount: Node, origin: string, private readonly events: BoxEvents) {
    const frame = host.createElement('iframe');
    frame.id = 'designstudio-iframe';
    frame.title = 'Chat';
    Object.assign(frame.style, {
      position: 'fixed',
      right: '20px',
      bottom: '20px',
      width: '360px',
      height: '520px',
      maxWidth: 'calc(100vw - 40px)',
      maxHeight: 'calc(100vh - 40px)',
      border: '0',
      borderRadius: '10px',
      boxShadow: '0 4px 24px rgba(0, 0, 0, 0.3)',
      background: '#ffffff',
      zIndex: '2147483000',
      display: 'none',
    });
    mount.appendChild(frame);
    this.frame = frame;
    // The frame's initial about:blank document exists as soon as the frame is in the page, and is never navigated.
    const doc = frame.contentDocument!;
    doc.documentElement.lang = 'en';
    doc.title = 'Chat';
    doc.head.append(h(doc, 'link', { rel: 'stylesheet', href: `${origin}/widget/chat.css` }));

    this.title = h(doc, 'h1', { id: 'se-title' }, TITLES.chat);
    const minimize = h(doc, 'button', { type: 'button', class: 'se-icon', 'aria-label': 'Minimize chat' }, '\u2013');
    const close = h(doc, 'button', { type: 'button', class: 'se-icon', 'aria-label': 'Close chat' }, '\u00d7');
    minimize.addEventListener('click', () => events.minimize());
    close.addEventListener('click', () => events.close());
    this.lines = h(doc, 'ol', { class: 'se-lines' });
    // A log region around the list: role=log on the <ol> itself would take its items' list semantics away.
    const log = h(doc, 'div', { class: 'se-log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation' }, this.lines);
    this.typing = h(doc, 'p', { class: 'se-typing', role: 'status' });
    this.notice = h(doc, 'p', { class: 'se-notice', role: 'status' });
    this.email = h(doc, 'input', { id: 'se-email', type: 'email', autocomplete: 'email', maxlength: '254' });
    this.emailRow = h(doc, 'p', { class: 'se-field' }, h(doc, 'label', { for: 'se-email' }, 'Your email'), this.email);
    this.message = h(doc, 'textarea', { id: 'se-message', rows: '3', required: '' });
    this.submit = h(doc, 'button', { type: 'submit', class: 'se-send' }, 'Send');
    this.form = h(doc, 'form', { class: 'se-form', 'aria-labelledby': 'se-title' }, this.emailRow, h(doc, 'p', { class: 'se-field' }, h(doc, 'label', { for: 'se-message' }, 'Message'), this.message), this.submit);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = this.message.value.trim();
      if (text) events.submit(text, this.email.value.trim());
    });
    // Enter sends, as in SnapEngage's box; Shift+Enter starts a new line.
    this.message.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        this.form.requestSubmit();
      }
    });
    const header = h(doc, 'header', { class: 'se-bar' }, this.title, minimize, close);
    doc.body.append(h(doc, 'main', { class: 'se-box', 'aria-labelledby': 'se-title' }, header, log, this.typing, this.notice, this.form));
  }

  get shown(): boolean {
    return this.frame.style.display !== 'none';
  }

  show(state: BoxState): void {
    this.render(state);
    this.frame.style.display = 'block';
    // Into the box, where the visitor types next.
    this.frame.contentWindow?.focus();
    this.message.focus();
  }

  hide(): void {
    this.frame.style.display = 'none';
  }

  render(state: BoxState): void {
    this.title.textContent = TITLES[state.mode];
    const askEmail = !state.chatting && !(state.emailLocked && state.email);
    this.emailRow.hidden = !askEmail;
    this.email.required = askEmail && (state.mode === 'form' || state.emailRequired);
    if (!this.email.value || state.emailLocked) this.email.value = state.email;
    // A bot's buttons speak in a chat under way only.
    if (!state.chatting) this.retireChoices();
    this.submit.textContent = state.mode === 'form' ? 'Send message' : state.chatting ? 'Send' : state.mode === 'proactive' ? 'Reply' : 'Start chat';
  }

  /** A line of the conversation, the author's name and the words as text. */
  add(kind: LineKind, author: string, text: string): void {
    const doc = this.frame.contentDocument!;
    const item = h(doc, 'li', { class: `se-line se-${kind}` });
    if (author) item.append(h(doc, 'strong', {}, author), ': ');
    item.append(text);
    // The visitor said something: the buttons shown before were answered, or passed over.
    if (kind === 'own') this.retireChoices();
    this.append(item);
  }

  /** A bot's buttons (the `/SYS BTN` line after its message): native buttons, named by their labels. */
  addChoices(botName: string, labels: string[]): void {
    const doc = this.frame.contentDocument!;
    const buttons = labels.map((label) => {
      const button = h(doc, 'button', { type: 'button', class: 'se-choice' }, label);
      button.addEventListener('click', () => void this.pick(button, label, botName));
      return button;
    });
    this.live.push(...buttons);
    this.append(h(doc, 'li', { class: 'se-line se-choices' }, h(doc, 'div', { role: 'group', 'aria-label': botName ? `Answers to ${botName}` : 'Answers' }, ...buttons)));
  }

  /** A bot's GOTO: a link the visitor follows in a new tab, so the page and its chat stay. */
  addLink(url: string): void {
    const doc = this.frame.contentDocument!;
    this.append(h(doc, 'li', { class: 'se-line se-info' }, 'Link: ', h(doc, 'a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, url)));
  }

  setTyping(alias: string | null): void {
    this.typing.textContent = alias ? `${alias} is typing\u2026` : '';
  }

  say(text: string): void {
    this.notice.textContent = text;
  }

  /** A new conversation: the box empties. */
  clear(): void {
    this.lines.replaceChildren();
    this.setTyping(null);
    this.say('');
  }

  /** The visitor's words are sent: the field empties. */
  sent(): void {
    this.message.value = '';
  }

  prefill(text: string): void {
    this.message.value = text;
  }

  setFormShown(shown: boolean): void {
    this.form.hidden = !shown;
  }

  private append(item: HTMLLIElement): void {
    this.lines.append(item);
    item.scrollIntoView?.({ block: 'end' });
  }

  /** One pick at a time: every button waits while the label is sent, and acts again if it could not be. */
  private async pick(button: HTMLButtonElement, label: string, botName: string): Promise<void> {
    this.setChoicesDisabled(true);
    button.classList.add('se-picked');
    // A disabled button drops the focus: it goes where the visitor types next.
    this.message.focus();
    if (await this.events.pick(label, botName)) return;
    button.classList.remove('se-picked');
    this.setChoicesDisabled(false);
  }

  private setChoicesDisabled(disabled: boolean): void {
    for (const button of this.live) button.disabled = disabled;
  }

  private retireChoices(): void {
    this.setChoicesDisabled(true);
    this.live = [];
  }
}
