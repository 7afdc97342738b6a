// One conversation as its agent sees it: every line (visitor, agent, bot, system, told apart in words as well as in
// colour; a bot's buttons as the chips the visitor saw, its GOTO as a link), who has the chat (an agent, or the widget's
// bot) and who is typing, and the agent's controls: accept as one of the widget's agents, reply (showing the visitor
// that the agent types while the box holds text), close. Lines are appended, never redrawn, so the log announces only
// what is new, and a reply being written survives every live update.
import type { BotSettings } from '../../../src/bots/schemas.js';
import type { ConversationDetail, ConversationMessage, ConversationSummary, WidgetAgents } from '../../../src/conversations/schemas.js';
import { call } from '../api.js';
import { badge, field, h, replace, time, type Child } from '../dom.js';
import { load } from './agents-panel.js';
import { act, type ViewContext } from './view.js';
import { BUTTONS_LINE, GOTO_LINE } from '../../../src/conversations/system-lines.js';

const KIND: Record<ConversationMessage['kind'], string> = { visitor: 'Visitor', agent: 'Agent', bot: 'Bot', system: 'System' };

/** How a visitor is named wherever the page shows one: the name the page gave, else the email. */
export const visitorName = (c: ConversationSummary) => c.visitor.name ?? c.visitor.email ?? 'Visitor';

/** The bot's name: its settings' now, else the one its lines carry (a bot removed since), else "Bot". */
const botName = (chat: ConversationDetail, bot: BotSettings | null | undefined) => bot?.name ?? chat.messages.findLast((m) => m.kind === 'bot')?.author ?? 'Bot';

export interface ChatPanel {
  el: HTMLElement;
  show(chat: ConversationDetail, desk: WidgetAgents | undefined, widgetName: string, bot: BotSettings | null | undefined): void;
}

/** A `/SYS BTN ["Pricing","Talk to a human"]` line's buttons; null for a line that is not a JSON array of texts. */
function buttonsOf(text: string): string[] | null {
  if (!text.startsWith(BUTTONS_LINE)) return null;
  try {
    const buttons: unknown = JSON.parse(text.slice(BUTTONS_LINE.length));
    return Array.isArray(buttons) && buttons.every((b) => typeof b === 'string') ? buttons : null;
  } catch {
    return null;
  }
}

/**
 * What a system line shows: a bot's buttons as chips, inert (they are what the visitor saw, not something to press here);
 * a GOTO's URL as a link only when it is http(s) (anyone may post a system line: a `javascript:` one stays text).
 */
function systemBody(text: string): Child {
  const buttons = buttonsOf(text);
  if (buttons) return [h('p', { class: 'msg' }, 'Buttons shown to the visitor:'), h('ul', { class: 'chips', 'aria-label': 'Buttons shown to the visitor' }, buttons.map((b) => h('li', {}, b)))];
  const url = text.startsWith(GOTO_LINE) ? text.slice(GOTO_LINE.length).trim() : '';
  if (/^https?:\/\/\S+$/i.test(url) && URL.canParse(url)) {
    return h('p', { class: 'msg' }, 'Sent the visitor to ', h('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, url));
  }
  return h('p', { class: 'msg' }, text);
}

/** `visitor`: how the chat names its visitor (a line's author is `visitor` when the page gave no name). */
function line(m: ConversationMessage, visitor: string): HTMLElement {
  const author = m.kind === 'system' ? null : m.kind === 'visitor' ? visitor : m.author;
  return h(
    'li',
    // The buttons sit under the bot's line they came with, on its side.
    { class: m.kind === 'system' && buttonsOf(m.text) ? 'system sys-buttons' : m.kind, 'data-index': m.index },
    h('p', { class: 'who' }, h('span', { class: 'kind' }, KIND[m.kind]), author && [' ', author], ' ', h('small', {}, time(m.at, false))),
    m.kind === 'system' ? systemBody(m.text) : h('p', { class: 'msg' }, m.text),
  );
}

const botNote = (bot: string) =>
  `${bot}, the widget's bot, has this chat: it answers each of the visitor's lines until it hands the chat to the agents' queue, closes it, or fails (its calls are listed below).`;

/** How the bot's part ended, for a chat it no longer has: why it failed when it did (the calls panel has every call). */
function botOutcome(chat: ConversationDetail, bot: string): Child {
  const failed = chat.botCalls.findLast((c) => c.state === 'failed');
  if (failed) return [`${bot} failed on turn ${failed.turn}: `, h('strong', { class: 'why-inline' }, failed.error ?? 'no reason recorded'), ` (${failed.applied.join('; ')})`];
  const answered = chat.botCalls.filter((c) => c.state === 'answered').length;
  const last = chat.botCalls.findLast((c) => c.state === 'answered');
  return `${bot} answered ${answered} turn${answered === 1 ? '' : 's'}${last ? ` (the last: ${last.applied.join('; ') || 'nothing to do'})` : ''}`;
}

export function chatPanel(ctx: ViewContext, refresh: () => Promise<void>): ChatPanel {
  const heading = h('h2', { id: 'chat-h', tabindex: -1, 'data-focus': '' });
  const facts = h('dl', { class: 'facts' });
  const lines = h('ol', { class: 'chat' });
  // Focusable: a keyboard scrolls it too.
  const log = h('div', { class: 'chat-log', role: 'log', 'aria-label': 'Chat lines', tabindex: 0 }, lines);
  const typing = h('p', { class: 'typing', 'aria-live': 'polite' });
  const controls = h('div', { class: 'controls' });
  // On a narrow screen the chat comes first: the way back to the lists is at its top.
  const back = h('p', { class: 'back' }, h('a', { href: '#/conversations' }, '← All conversations'));
  const el = h('section', { class: 'chat-panel', 'aria-labelledby': 'chat-h' }, heading, back, facts, log, typing, controls);

  let caseId = '';
  let nextIndex = 0;
  let controlsFor = '';
  let agentSelect: HTMLSelectElement | null = null;
  let acceptHint: HTMLElement | null = null;

  const alias = (desk: WidgetAgents | undefined, agentId: string | null) => desk?.agents.find((a) => a.agentId === agentId)?.agentAlias ?? agentId ?? 'the agent';

  const close = (chat: ConversationDetail) =>
    act(ctx, async () => {
      await call('POST /_mock/conversations/:caseId/close', { params: { caseId: chat.caseId }, body: { by: 'agent' } });
      await refresh();
      heading.focus();
      return `Closed the chat with ${visitorName(chat)}.`;
    });
  const closeButton = (chat: ConversationDetail) => h('button', { type: 'button', class: 'danger', onclick: () => close(chat) }, 'Close the chat');

  /** The widget's agents as choices, with their status and load; the choice is kept, else the first who can take it. */
  const fillAgents = (desk: WidgetAgents | undefined) => {
    if (!agentSelect || document.activeElement === agentSelect) return;
    const agents = desk?.agents ?? [];
    const free = agents.filter((a) => a.status === 'online' && a.openChats < a.maxChats);
    const keep = agentSelect.value;
    replace(agentSelect, agents.map((a) => h('option', { value: a.agentId }, `${a.agentAlias} (${a.status}, ${load(a)})`)));
    agentSelect.value = agents.some((a) => a.agentId === keep) ? keep : (free[0] ?? agents[0])?.agentId ?? '';
    replace(acceptHint!, free.length > 0 ? null : 'No agent of this widget is online with a free slot: set one online under Agents first.');
  };

  const acceptForm = (chat: ConversationDetail, desk: WidgetAgents | undefined) => {
    agentSelect = h('select', { name: 'agentId' });
    acceptHint = h('p', { class: 'hint' });
    const select = agentSelect;
    fillAgents(desk);
    const form = h('form', { class: 'inline-form', 'aria-label': 'Accept the chat' }, field('Accept as', select), h('button', { type: 'submit' }, 'Accept'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act(ctx, async () => {
        await call('POST /_mock/conversations/:caseId/accept', { params: { caseId: chat.caseId }, body: { agentId: select.value } });
        await refresh();
        controls.querySelector('textarea')?.focus();
        return `Accepted as ${alias(desk, select.value)}.`;
      });
    });
    return [form, acceptHint, h('div', { class: 'actions' }, closeButton(chat))];
  };

  const replyForm = (chat: ConversationDetail, desk: WidgetAgents | undefined) => {
    const text = h('textarea', { name: 'text', rows: 2, required: true });
    // Typing is told when the box starts or stops holding text, not on every key.
    let typingShown = chat.agentTyping;
    const setTyping = (on: boolean) => {
      if (on === typingShown) return;
      typingShown = on;
      call('POST /_mock/conversations/:caseId/typing', { params: { caseId: chat.caseId }, body: { typing: on } }).catch(ctx.showError);
    };
    text.addEventListener('input', () => setTyping(text.value.trim() !== ''));
    const form = h(
      'form',
      { class: 'reply', 'aria-label': 'Reply' },
      field(`Reply as ${alias(desk, chat.agentId)}`, text, 'Enter sends, Shift+Enter starts a new line. The visitor sees the agent typing while this box holds text.'),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Send'), closeButton(chat)),
    );
    text.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    // Leaving the chat with words in the box stops the typing the visitor sees. A status change that replaced the form
    // needs nothing: the mock ends the agent's typing when the chat closes or goes back to the queue.
    window.addEventListener('hashchange', () => controls.contains(form) && setTyping(false), { once: true });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const said = text.value.trim();
      if (!said) return;
      act(ctx, async () => {
        await call('POST /_mock/conversations/:caseId/messages', { params: { caseId: chat.caseId }, body: { text: said } });
        // The agent's line ends its typing on the mock too.
        typingShown = false;
        text.value = '';
        await refresh();
      });
    });
    return form;
  };

  const drawControls = (chat: ConversationDetail, desk: WidgetAgents | undefined, bot: string) => {
    agentSelect = acceptHint = null;
    if (chat.status === 'queued') replace(controls, acceptForm(chat, desk));
    else if (chat.status === 'active') replace(controls, replyForm(chat, desk));
    else if (chat.status === 'bot') replace(controls, h('p', {}, botNote(bot)), h('div', { class: 'actions' }, closeButton(chat)));
    else replace(controls, h('p', {}, 'Closed ', time(chat.closedAt), ` by ${chat.endedBy ?? 'nobody known'}: it is now a support request (the webhook and the Logs API carry it).`));
  };

  return {
    el,
    show(chat, desk, widgetName, settings) {
      const bot = botName(chat, settings);
      if (chat.caseId !== caseId) {
        caseId = chat.caseId;
        nextIndex = 0;
        controlsFor = '';
        replace(lines);
      }
      replace(heading, `Chat with ${visitorName(chat)}`);
      const v = chat.visitor;
      replace(
        facts,
        h('dt', {}, 'Status'),
        h('dd', {}, badge(chat.status), chat.status === 'bot' && [' ', h('span', { class: 'owner-bot' }, `Bot (${bot})`)], chat.type === 'offline' ? ' (an offline message)' : null),
        h('dt', {}, 'Widget'),
        h('dd', {}, widgetName),
        h('dt', {}, 'Case'),
        h('dd', {}, h('code', {}, chat.caseId)),
        v.email && [h('dt', {}, 'Email'), h('dd', {}, v.email)],
        v.phone && [h('dt', {}, 'Phone'), h('dd', {}, v.phone)],
        h('dt', {}, 'Started'),
        h('dd', {}, time(chat.createdAt)),
        chat.status !== 'bot' && chat.botCalls.length > 0 && [h('dt', {}, 'Bot'), h('dd', {}, botOutcome(chat, bot))],
        chat.agentId && [h('dt', {}, 'Agent'), h('dd', {}, alias(desk, chat.agentId), chat.acceptedAt ? [', accepted ', time(chat.acceptedAt, false)] : null)],
      );
      const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
      const fresh = chat.messages.filter((m) => m.index >= nextIndex);
      lines.append(...fresh.map((m) => line(m, visitorName(chat))));
      if (fresh.length > 0) nextIndex = fresh[fresh.length - 1]!.index + 1;
      if (fresh.length > 0 && (atBottom || fresh.length === chat.messages.length)) log.scrollTop = log.scrollHeight;
      if (chat.messages.length === 0 && !lines.firstChild) lines.append(h('li', { class: 'system' }, h('p', { class: 'msg' }, 'No lines yet.')));
      else if (chat.messages.length > 0) lines.querySelector(':scope > li:not([data-index])')?.remove();

      const who = [chat.visitorTyping && `${visitorName(chat)} is typing…`, chat.agentTyping && `${alias(desk, chat.agentId)} is typing…`].filter(Boolean);
      // Set only when it changes: a live region may read out the same words again.
      if (typing.textContent !== who.join(' ')) typing.textContent = who.join(' ');

      const key = `${chat.caseId} ${chat.status} ${chat.agentId} ${bot}`;
      if (key !== controlsFor) {
        controlsFor = key;
        drawControls(chat, desk, bot);
      } else fillAgents(desk);
    },
  };
}
