// What the page set through SnapEngage's API (setUserEmail, setUserName, setCustomField, setLocale, allowProactiveChat,
// allowChatSound), kept for the next chat, and the start of a chat (or offline message) made of it.
import type { WidgetChatStart } from '../../src/widget-js/schemas.js';

export class PageSettings {
  email = '';
  emailLocked = false;
  name = '';
  locale = '';
  readonly fields = new Map<string, string>();
  allowProactive = true;
  sound = true;

  /** The visitor's first words (or offline message) with what the page set; `invitation`: the one the visitor answers. */
  startBody(message: string, offline: boolean, invitation: string | undefined): WidgetChatStart {
    return {
      ...(this.email && { email: this.email }),
      ...(this.name && { name: this.name }),
      ...(this.locale && { locale: this.locale }),
      message,
      variables: [...this.fields].map(([name, value]) => ({ name, value })),
      ...(offline && { offline: true }),
      ...(invitation !== undefined && { invitation }),
    };
  }
}
