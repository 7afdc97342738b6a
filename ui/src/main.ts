// The inspector: a key form, a nav over the views, each view's data refreshed when the event stream says it changed.
import type { ErrorEnvelope } from '../../src/core/errors.js';
import type { EventFrame } from '../../src/inspector/schemas.js';
import { DEFAULT_DEV_API_KEY } from '../../src/core/dev-api-key.js';
import { ApiError, call, fingerprint, session, setAdminTokenPrompt } from './api.js';
import { field, h, replace } from './dom.js';
import { accountsView } from './views/accounts.js';
import { clockView } from './views/clock.js';
import { conversationsView } from './views/conversations.js';
import { deliveriesView, deliveryView } from './views/deliveries.js';
import { emailsView } from './views/emails.js';
import { faultsView } from './views/faults.js';
import { journalView } from './views/journal.js';
import type { View } from './views/view.js';

const VIEWS: Record<string, View> = {
  accounts: accountsView,
  conversations: conversationsView,
  deliveries: deliveriesView,
  delivery: deliveryView,
  emails: emailsView,
  journal: journalView,
  faults: faultsView,
  clock: clockView,
};
const NAV: Array<[string, string]> = [
  ['accounts', 'Accounts'],
  ['conversations', 'Conversations'],
  ['deliveries', 'Support requests'],
  ['emails', 'Emails'],
  ['journal', 'Journal'],
  ['faults', 'Faults'],
  ['clock', 'Clock'],
];

const main = document.getElementById('main')!;
const nav = document.getElementById('nav')!;
const statusEl = document.getElementById('status')!;
const sessionEl = document.getElementById('session')!;

/** Tells the user (and a screen reader, through role=status) what happened. */
export function say(message: string, kind: 'ok' | 'error' = 'ok'): void {
  statusEl.className = `status status-${kind}`;
  statusEl.textContent = message;
}

let refresh: (() => Promise<void>) | null = null;
let current: View | null = null;
let events: EventSource | null = null;
let pending: number | undefined;

function liveUpdate(): void {
  // Bursts (an advance running ten attempts) become one refresh.
  if (pending !== undefined) return;
  pending = window.setTimeout(() => {
    pending = undefined;
    refresh?.().catch(showError);
  }, 50);
}

function connect(): void {
  events?.close();
  const live = h('span', { class: 'live', id: 'live' }, 'connecting…');
  const key = session.key!;
  replace(sessionEl, 'Key ', h('code', { title: 'fingerprint of the api_key' }, `#${fingerprint(key)}`), ' · ', live, ' · ', h('button', { type: 'button', class: 'link', onclick: forget }, 'Change key'));
  events = new EventSource(`/_mock/events?api_key=${encodeURIComponent(key)}`);
  events.onopen = () => {
    live.textContent = 'live';
    live.className = 'live live-on';
  };
  events.onerror = () => {
    // EventSource retries by itself after a dropped stream; a refusal (a 503 past EVENTS_MAX_CONNECTIONS) ends it.
    const closed = events?.readyState === EventSource.CLOSED;
    live.textContent = closed ? 'not live (reload to retry)' : 'reconnecting…';
    live.className = 'live';
    delete document.body.dataset.live;
  };
  events.onmessage = (message) => {
    const event = JSON.parse(message.data) as EventFrame;
    if (event.type === 'ready') {
      live.textContent = 'live';
      live.className = 'live live-on';
      document.body.dataset.live = 'on';
      return;
    }
    if (current?.live && !current.live(event)) return;
    liveUpdate();
  };
}

function forget(): void {
  session.key = null;
  session.adminToken = null;
  events?.close();
  events = null;
  replace(sessionEl);
  route();
}

/** Whether the mock takes the documented development key: it says so (never which keys it takes), so the page can. */
async function acceptsDevApiKey(): Promise<boolean> {
  return (await call('GET /_mock/health', { noKey: true }).catch(() => null))?.devApiKey === true;
}

async function keyForm(): Promise<void> {
  replace(nav);
  const input = h('input', { type: 'password', name: 'api_key', autocomplete: 'off', required: true });
  const useDevKey = () => {
    input.value = DEFAULT_DEV_API_KEY;
    input.focus();
  };
  const form = h(
    'form',
    { class: 'card narrow' },
    h('h1', {}, 'Open the inspector'),
    h('p', {}, 'The api_key whose world to show. It is kept for this browser session only and shown as a fingerprint.'),
    (await acceptsDevApiKey()) &&
      h('p', { class: 'sandbox-key' }, 'The sandbox key is ', h('code', {}, DEFAULT_DEV_API_KEY), ': this mock accepts it. ', h('button', { type: 'button', class: 'link', onclick: useDevKey }, 'Use it')),
    field('API key', input),
    h('button', { type: 'submit' }, 'Open'),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    // Checked against the mock before it is kept: a wrong key should say so here, not on every view.
    const res = await fetch(`/_mock/accounts?api_key=${encodeURIComponent(key)}&limit=1`).catch(() => null);
    if (!res) return say('The mock did not answer: is it still running?', 'error');
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as Partial<ErrorEnvelope> | null;
      say(body?.error?.message ?? `the mock answered ${res.status}`, 'error');
      return;
    }
    session.key = key;
    say('Key accepted.');
    route();
  });
  replace(main, form);
  input.focus();
}

function showError(err: unknown): void {
  say(err instanceof ApiError ? `${err.message} (${err.code})` : String((err as Error).message ?? err), 'error');
}

async function route(): Promise<void> {
  refresh = null;
  if (!session.key) return keyForm();
  if (!events) connect();
  const [name = 'accounts', arg] = location.hash.replace(/^#\/?/, '').split('/');
  const view = VIEWS[name] ?? accountsView;
  current = view;
  const here = name === 'delivery' ? 'deliveries' : name;
  replace(
    nav,
    h('ul', {}, NAV.map(([id, label]) => h('li', {}, h('a', { href: `#/${id}`, 'aria-current': id === here ? 'page' : null }, label)))),
  );
  document.title = `${view.title} · snapengage-mock inspector`;
  const container = h('div', { class: 'view' });
  replace(main, container);
  try {
    refresh = await view.mount(container, arg ? decodeURIComponent(arg) : undefined, { say, showError });
  } catch (err) {
    showError(err);
  }
}

setAdminTokenPrompt(async (message) => {
  // A native prompt keeps this rare step small; the token is kept for the session like the key, never shown.
  const token = window.prompt(`${message}\n\nEnter the admin token (MOCK_ADMIN_TOKEN):`);
  return token && token.trim() ? token.trim() : null;
});

window.addEventListener('hashchange', () => {
  // A message about the last view's action would read as being about the next one.
  if (!statusEl.classList.contains('status-error')) say('');
  // A view may name where a keyboard should land (the chat just opened); else the top of the view.
  route().then(() => (main.querySelector<HTMLElement>('[data-focus]') ?? main).focus({ preventScroll: true }));
});
route();
