// window.SnapEngage (and window.SnapABug, the same object): the methods SnapEngage documents and the ones public sites
// and SnapEngage's SDK pages use, each with its signature (docs/fidelity-javascript.md says which is which). Arguments are
// read loosely, as a page's script may pass anything.
import type { Widget } from './widget.js';

const DEFAULT_INVITATION = 'Hi! Can I help you with anything?';

export function createApi(widget: Widget) {
  const str = (value: unknown) => (value === undefined || value === null ? '' : String(value));
  const whenReady = (act: () => void) => void widget.ready().then(act);
  return {
    setCallback(event: unknown, fn: unknown): void {
      widget.callbacks.set(str(event), fn);
    },
    /** Opens the chat box, as the button does. */
    startLink(): void {
      whenReady(() => widget.open());
    },
    /** The mock plays no sound; the choice is kept. */
    allowChatSound(allow: unknown): void {
      widget.page.sound = allow !== false;
    },
    sendTextToChat(text: unknown, type?: unknown): boolean {
      return widget.sendText(str(text), type === 'visitor');
    },
    setUserEmail(email: unknown, locked?: unknown): void {
      widget.page.email = str(email).trim();
      widget.page.emailLocked = locked === true;
    },
    setUserName(name: unknown): void {
      widget.page.name = str(name).trim();
    },
    setCustomField(name: unknown, value: unknown): void {
      if (str(name)) widget.page.fields.set(str(name), str(value));
    },
    setWidgetId(id: unknown): void {
      widget.setWidgetId(str(id));
    },
    switchWidget(id: unknown): void {
      widget.setWidgetId(str(id));
    },
    setLocale(code: unknown): void {
      widget.page.locale = str(code);
    },
    hideButton(): void {
      widget.setButtonHidden(true);
    },
    showButton(): void {
      widget.setButtonHidden(false);
    },
    allowProactiveChat(allow: unknown): void {
      widget.page.allowProactive = allow !== false;
    },
    /** (forced, offline, message): forced shows it even after allowProactiveChat(false); offline, even when offline. */
    openProactiveChat(forced?: unknown, offline?: unknown, message?: unknown): void {
      void widget.selfInvite(str(message) || DEFAULT_INVITATION, forced === true, offline === true);
    },
    /** Opens the box and starts a chat with `msg` as the visitor's first line (offline: fills the offline form). */
    startChat(msg?: unknown): void {
      whenReady(() => {
        widget.open();
        if (widget.status() === 'online' && str(msg)) void widget.submit(str(msg), '');
        else widget.sendText(str(msg), false);
      });
    },
    /** The mock keeps no cookies: it forgets what they would hold, the visitor's email and name. */
    clearAllCookies(): void {
      widget.page.email = widget.page.name = '';
      widget.page.emailLocked = false;
    },
    getAgentStatusAsync(callback: unknown): void {
      if (typeof callback === 'function') widget.agentStatus(callback as (online: boolean) => void);
    },
    /** The legacy loader's (snapabug.js): names the widget, and shows its button. */
    init(widgetId: unknown): void {
      widget.setWidgetId(str(widgetId));
    },
    addButton(widgetId: unknown): void {
      widget.setWidgetId(str(widgetId));
      widget.setButtonHidden(false);
    },
  };
}
