// The other side's lines of the page's chat, as the poll brings them: agents' and bots' lines shown (ChatMessageReceived
// for each), SnapEngage's system lines read (`/NIC <alias>`: the agent joined; `/NFO <text>`: information; a bot's
// `/SYS BTN [...]`: its buttons; `/SYS GOTO <url>`: a link), any other left unshown, as SnapEngage's slash commands are.
import type { WidgetPoll } from '../../src/widget-js/schemas.js';
import type { ChatBox } from './box.js';
import { BUTTONS_LINE, GOTO_LINE } from '../../src/conversations/system-lines.js';

export type ChatType = 'manual' | 'proactive';
type Line = NonNullable<WidgetPoll['chat']>['lines'][number];


export interface Chat {
  caseId: string;
  /** The front desk's state of the chat: anything but `closed` is under way. */
  status: NonNullable<WidgetPoll['chat']>['status'];
  /** The state the mock answered last, which the poll's cursor reports (the page may have closed ahead of it). */
  reported?: NonNullable<WidgetPoll['chat']>['status'];
  /** The next line index the page has not shown. */
  index: number;
  type: ChatType;
  typing: boolean;
  /** The agent's alias, from `/NIC` or their first line. */
  agent: string | null;
  /** The author of the last agent or bot line: the bot whose message the buttons that follow belong to. */
  speaker?: string;
}

/** The labels of `/SYS BTN ["Pricing","Talk to a human"]`; none when it is not a JSON array of strings. */
function labelsOf(json: string): string[] {
  try {
    const labels: unknown = JSON.parse(json);
    return Array.isArray(labels) ? labels.filter((label): label is string => typeof label === 'string' && label.trim() !== '') : [];
  } catch {
    return [];
  }
}

/** The URL of `/SYS GOTO <url>` when it is http(s): the control plane may post any system line, `javascript:` too. */
function linkOf(text: string): string | null {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function showLines(chat: Chat, lines: Line[], box: ChatBox, received: (author: string, text: string) => void): void {
  for (const line of lines) {
    // A poll sent before the chat started answers from index 0: what the page showed already (the invitation) is skipped.
    if (line.index < chat.index) continue;
    chat.index = line.index + 1;
    if (line.kind !== 'system') {
      chat.agent ??= line.author;
      chat.speaker = line.author;
      box.add('agent', line.author, line.text);
      received(line.author, line.text);
      continue;
    }
    const [command = '', ...rest] = line.text.split(' ');
    const text = rest.join(' ');
    if (command === '/NIC') {
      chat.agent = text;
      box.add('info', '', `${text} joined the chat.`);
    } else if (command === '/NFO') box.add('info', '', text.replace(/<br\s*\/?>/gi, '\n'));
    else if (line.text.startsWith(BUTTONS_LINE)) {
      const labels = labelsOf(line.text.slice(BUTTONS_LINE.length));
      if (labels.length > 0) box.addChoices(chat.speaker ?? '', labels);
    } else if (line.text.startsWith(GOTO_LINE)) {
      const url = linkOf(line.text.slice(GOTO_LINE.length));
      if (url) box.addLink(url);
    }
  }
}
