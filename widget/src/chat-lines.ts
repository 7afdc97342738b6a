// The other side's lines of the page's chat, as the poll brings them: agents' and bots' lines shown (ChatMessageReceived
// for each), SnapEngage's system lines read (`/NIC <alias>`: the agent joined; `/NFO <text>`: information), the rest left.
import type { WidgetPoll } from '../../src/widget-js/schemas.js';
import type { ChatBox } from './box.js';

export type ChatType = 'manual' | 'proactive';
type Line = NonNullable<WidgetPoll['chat']>['lines'][number];

export interface Chat {
  caseId: string;
  /** The front desk's state of the chat: anything but `closed` is under way. */
  status: NonNullable<WidgetPoll['chat']>['status'];
  /** The next line index the page has not shown. */
  index: number;
  type: ChatType;
  typing: boolean;
  /** The agent's alias, from `/NIC` or their first line. */
  agent: string | null;
}

export function showLines(chat: Chat, lines: Line[], box: ChatBox, received: (author: string, text: string) => void): void {
  for (const line of lines) {
    // A poll sent before the chat started answers from index 0: what the page showed already (the invitation) is skipped.
    if (line.index < chat.index) continue;
    chat.index = line.index + 1;
    if (line.kind !== 'system') {
      chat.agent ??= line.author;
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
  }
}
