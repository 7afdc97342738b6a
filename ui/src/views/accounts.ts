// Accounts: the key's users, widgets with agents, conversation schedules as a week grid, integration settings (never
// the token); forms to create a user and a widget, set a widget's integration, and fire a chat or offline request.
import type { InspectorWidget as Widget } from '../../../src/inspector/schemas.js';
import type { IntegrationSettingsInput } from '../../../src/integration/schemas.js';
import type { UserCreate, WidgetCreate } from '../../../src/provisioning/schemas.js';
import { call } from '../api.js';
import { field, h, replace, time, scroller } from '../dom.js';
import { act, type View, type ViewContext } from './view.js';

type Schedule = NonNullable<Widget['conversationSchedule']>;
type DayOfWeek = Schedule['schedules'][number]['dayOfWeek'];
type AccountType = NonNullable<UserCreate['accountType']>;

const DAYS: DayOfWeek[] = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
/** In the order the form offers them; the server's schema is what says they are valid. */
const ACCOUNT_TYPES: AccountType[] = ['enterprise', 'entr', 'prem', 'biz', 'trial'];

/** "8:00 AM" -> minutes after midnight. */
function minutes(text: string): number {
  const m = /^(\d{1,2}):(\d{2})\s*(AM|PM)$/i.exec(text.trim());
  if (!m) return 0;
  const hour = (Number(m[1]) % 12) + (m[3]!.toUpperCase() === 'PM' ? 12 : 0);
  return hour * 60 + Number(m[2]);
}

function weekGrid(schedule: Schedule): HTMLElement {
  const rows = DAYS.map((day) => {
    const entry = schedule.schedules.find((s) => s.dayOfWeek === day);
    const open = entry?.enabled && entry.scheduleList.length === 2;
    const track = h('div', { class: 'track', 'aria-hidden': 'true' });
    if (open) {
      const [from, to] = entry!.scheduleList.map(minutes) as [number, number];
      const bar = h('div', { class: 'bar' });
      // CSSOM, not a style attribute: the page's CSP allows no inline styles.
      bar.style.left = `${(from / 1440) * 100}%`;
      bar.style.width = `${(Math.max(0, to - from) / 1440) * 100}%`;
      track.append(bar);
    }
    const label = day.charAt(0) + day.slice(1, 3).toLowerCase();
    return h('tr', {}, h('th', { scope: 'row' }, label), h('td', { class: 'grid-cell' }, track), h('td', {}, open ? entry!.scheduleList.join(' – ') : 'closed'));
  });
  return h(
    'table',
    { class: 'week' },
    h('caption', {}, `Conversation schedule (${schedule.timeZone})`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col' }, '00:00 – 24:00'), h('th', { scope: 'col' }, 'Open'))),
    h('tbody', {}, rows),
  );
}

function widgetCard(w: Widget, ctx: ViewContext, reload: () => Promise<void>): HTMLElement {
  const fire = (type: 'chat' | 'offline') =>
    act(ctx, async () => {
      const created = await call('POST /_mock/widgets/:widgetId/support-requests', { params: { widgetId: w.uuid }, body: { type } });
      if (created.deliveryId) location.hash = `#/delivery/${created.deliveryId}`;
      return `Created ${type} support request ${created.supportRequest.id}${created.deliveryId ? '' : ' (no integration: nothing to deliver)'}.`;
    });
  const url = h('input', { type: 'url', name: 'url', required: true, value: w.integration?.url ?? '', placeholder: 'http://127.0.0.1:9000/hook' });
  const format = h('select', { name: 'format' }, h('option', { value: 'json' }, 'JSON'), h('option', { value: 'xml' }, 'XML (legacy)'));
  format.value = w.integration?.format ?? 'json';
  const token = h('input', { type: 'password', name: 'authToken', autocomplete: 'off', placeholder: w.integration?.authTokenSet ? 'set (unchanged if empty)' : 'none' });
  const form = h(
    'form',
    { class: 'inline-form', 'aria-label': `Integration settings of ${w.name ?? w.uuid}` },
    field('Integration URL', url),
    field('Format', format),
    field('Auth token', token, 'write-only: never shown'),
    h('button', { type: 'submit' }, 'Save integration'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(ctx, async () => {
      // The select offers only the formats the schema allows.
      const body: IntegrationSettingsInput = { url: url.value.trim(), format: format.value as IntegrationSettingsInput['format'] };
      if (token.value) body.authToken = token.value;
      await call('PUT /_mock/widgets/:widgetId/integration', { params: { widgetId: w.uuid }, body });
      await reload();
      return `Integration of ${w.name ?? w.uuid} saved.`;
    });
  });
  const integration = w.integration
    ? h('dl', { class: 'facts' }, h('dt', {}, 'URL'), h('dd', {}, h('code', {}, w.integration.url)), h('dt', {}, 'Format'), h('dd', {}, w.integration.format), h('dt', {}, 'Token'), h('dd', {}, w.integration.authTokenSet ? `set (sent in ${w.integration.authHeader})` : 'none'), h('dt', {}, 'Fallback email'), h('dd', {}, w.integration.transcriptEmail ?? w.destinationEmail ?? w.email))
    : h('p', {}, 'No integration settings: support requests are recorded but not delivered.');
  return h(
    'article',
    { class: 'card widget' },
    h('h3', {}, w.name ?? '(unnamed widget)', ' ', h('small', {}, h('code', {}, w.uuid))),
    h('p', {}, 'Owner ', w.email, ' · created ', time(w.createdAt)),
    h('h4', {}, `Agents (${w.agents.length})`),
    h('ul', { class: 'agents' }, w.agents.map((a) => h('li', {}, h('strong', {}, a.agentAlias), ' ', h('code', {}, a.agentId), ` (${a.agentType})`))),
    w.conversationSchedule ? weekGrid(w.conversationSchedule) : h('p', {}, 'No conversation schedule.'),
    h('h4', {}, 'Integration'),
    integration,
    form,
    h('div', { class: 'actions' }, h('button', { type: 'button', onclick: () => fire('chat') }, 'Fire a chat'), h('button', { type: 'button', onclick: () => fire('offline') }, 'Fire an offline request')),
  );
}

function createForms(ctx: ViewContext, reload: () => Promise<void>): HTMLElement {
  const email = h('input', { type: 'email', name: 'email', required: true, autocomplete: 'off' });
  const name = h('input', { type: 'text', name: 'name', required: true });
  const password = h('input', { type: 'password', name: 'password', required: true, autocomplete: 'new-password' });
  const accountType = h('select', { name: 'accountType' }, ACCOUNT_TYPES.map((t) => h('option', { value: t }, t)));
  const userForm = h('form', { class: 'card', 'aria-labelledby': 'new-user' }, h('h2', { id: 'new-user' }, 'New user'), field('Email', email), field('Name', name), field('Password', password, 'sent to the mock, never shown again'), field('Account type', accountType), h('button', { type: 'submit' }, 'Create user'));
  userForm.addEventListener('submit', (event) => {
    event.preventDefault();
    act(ctx, async () => {
      await call('PUT /api/v1/user.json', { body: { email: email.value.trim(), name: name.value.trim(), password: password.value, accountType: accountType.value as AccountType } });
      const created = email.value.trim();
      userForm.reset();
      owner.value = created;
      await reload();
      return `User ${created} created.`;
    });
  });

  const owner = h('input', { type: 'email', name: 'owner', required: true, autocomplete: 'off' });
  const widgetName = h('input', { type: 'text', name: 'widgetName', required: true });
  const agentEmail = h('input', { type: 'email', name: 'agentId', required: true, autocomplete: 'off' });
  const agentAlias = h('input', { type: 'text', name: 'agentAlias', required: true });
  const widgetForm = h('form', { class: 'card', 'aria-labelledby': 'new-widget' }, h('h2', { id: 'new-widget' }, 'New widget'), field('Owner email', owner), field('Widget name', widgetName), field('Agent email', agentEmail), field('Agent alias', agentAlias), h('button', { type: 'submit' }, 'Create widget'));
  widgetForm.addEventListener('submit', (event) => {
    event.preventDefault();
    act(ctx, async () => {
      const agents: WidgetCreate['agents'] = [{ agentId: agentEmail.value.trim(), agentAlias: agentAlias.value.trim(), agentAvatar: 'https://example.com/avatar.png', agentType: 'webclient' }];
      const widget = await call('PUT /api/v1/widget.json', { body: { email: owner.value.trim(), name: widgetName.value.trim(), agents } });
      widgetForm.reset();
      await reload();
      return `Widget ${widget.uuid} created.`;
    });
  });
  return h('details', { class: 'create' }, h('summary', {}, 'Create a user or a widget'), h('div', { class: 'two' }, userForm, widgetForm));
}

export const accountsView: View = {
  title: 'Accounts',
  async mount(container, _arg, ctx) {
    const data = h('div', {});
    const refresh = async () => {
      const { users, widgets } = await call('GET /_mock/accounts');
      // Forms inside the widget cards keep what was typed: only redraw when nothing is focused in them.
      if (data.contains(document.activeElement) && document.activeElement?.tagName === 'INPUT') return;
      replace(
        data,
        h('h2', {}, `Users (${users.length})`),
        users.length === 0
          ? h('p', {}, 'No users yet for this key.')
          : scroller('Users', h('table', {}, h('thead', {}, h('tr', {}, ['Email', 'Name', 'Account type', 'Org id', 'Created'].map((c) => h('th', { scope: 'col' }, c)))), h('tbody', {}, users.map((u) => h('tr', {}, h('td', {}, u.email), h('td', {}, u.name), h('td', {}, u.accountType), h('td', {}, h('code', {}, u.orgId)), h('td', {}, time(u.createdAt))))))),
        h('h2', {}, `Widgets (${widgets.length})`),
        widgets.length === 0 ? h('p', {}, 'No widgets yet for this key.') : widgets.map((w) => widgetCard(w, ctx, refresh)),
      );
    };
    replace(container, h('h1', {}, 'Accounts'), createForms(ctx, refresh), data);
    await refresh();
    return refresh;
  },
};
