// Accounts: the key's users, and each widget as a compact card (agents, schedule, integration settings, never the
// token) whose week grid and integration form open on demand; forms to create a user and a widget; fire a request.
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

/** A day's open hours, every enabled entry of it (several make shifts or a lunch break): "9:00 AM – 5:30 PM". */
function hoursOf(schedule: Schedule, day: DayOfWeek): string[] {
  return schedule.schedules.filter((s) => s.dayOfWeek === day && s.enabled && s.scheduleList.length === 2).map((s) => s.scheduleList.join(' – '));
}

const dayLabel = (day: DayOfWeek) => day.charAt(0) + day.slice(1, 3).toLowerCase();

/** The week in one line, days with the same hours together: "Mon–Fri 9:00 AM – 5:30 PM · Sat–Sun closed". */
function scheduleLine(schedule: Schedule): string {
  const runs: Array<{ from: DayOfWeek; to: DayOfWeek; hours: string }> = [];
  for (const day of DAYS) {
    const hours = hoursOf(schedule, day).join(', ') || 'closed';
    const last = runs.at(-1);
    if (last && last.hours === hours) last.to = day;
    else runs.push({ from: day, to: day, hours });
  }
  return runs.map((r) => `${dayLabel(r.from)}${r.to === r.from ? '' : `–${dayLabel(r.to)}`} ${r.hours}`).join(' · ');
}

function weekGrid(schedule: Schedule): HTMLElement {
  const rows = DAYS.map((day) => {
    const hours = schedule.schedules.filter((s) => s.dayOfWeek === day && s.enabled && s.scheduleList.length === 2);
    const track = h('div', { class: 'track', 'aria-hidden': 'true' });
    for (const entry of hours) {
      const [from, to] = entry.scheduleList.map(minutes) as [number, number];
      const bar = h('div', { class: 'bar' });
      // CSSOM, not a style attribute: the page's CSP allows no inline styles.
      bar.style.left = `${(from / 1440) * 100}%`;
      bar.style.width = `${(Math.max(0, to - from) / 1440) * 100}%`;
      track.append(bar);
    }
    return h('tr', {}, h('th', { scope: 'row' }, dayLabel(day)), h('td', { class: 'grid-cell' }, track), h('td', {}, hoursOf(schedule, day).join(', ') || 'closed'));
  });
  return h(
    'table',
    { class: 'week' },
    h('caption', {}, `Conversation schedule (${schedule.timeZone})`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col' }, '00:00 – 24:00'), h('th', { scope: 'col' }, 'Open'))),
    h('tbody', {}, rows),
  );
}

/**
 * A widget as a summary (owner, agents, schedule, integration, in a few lines) with its two actions; the week grid and
 * the integration form open on demand. `open` remembers which of them are open, so a live redraw keeps them open.
 */
function widgetCard(w: Widget, ctx: ViewContext, reload: () => Promise<void>, open: Set<string>): HTMLElement {
  const name = w.name ?? w.uuid;
  const fire = (type: 'chat' | 'offline') =>
    act(ctx, async () => {
      const created = await call('POST /_mock/widgets/:widgetId/support-requests', { params: { widgetId: w.uuid }, body: { type } });
      if (created.deliveryId) location.hash = `#/delivery/${created.deliveryId}`;
      return `Created ${type} support request ${created.supportRequest.id}${created.deliveryId ? '' : ' (no integration: nothing to deliver)'}.`;
    });
  const more = (part: string, summary: string, ...content: HTMLElement[]) => {
    const key = `${w.uuid}:${part}`;
    const el = h('details', { class: 'more', open: open.has(key) }, h('summary', {}, summary), ...content);
    el.addEventListener('toggle', () => (el.open ? open.add(key) : open.delete(key)));
    return el;
  };
  const url = h('input', { type: 'url', name: 'url', required: true, value: w.integration?.url ?? '', placeholder: 'http://127.0.0.1:9000/hook' });
  const format = h('select', { name: 'format' }, h('option', { value: 'json' }, 'JSON'), h('option', { value: 'xml' }, 'XML (legacy)'));
  format.value = w.integration?.format ?? 'json';
  const token = h('input', { type: 'password', name: 'authToken', autocomplete: 'off', placeholder: w.integration?.authTokenSet ? 'set (unchanged if empty)' : 'none' });
  const form = h(
    'form',
    { class: 'inline-form', 'aria-label': `Integration settings of ${name}` },
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
      open.delete(`${w.uuid}:integration`);
      await reload();
      return `Integration of ${name} saved.`;
    });
  });
  const integration = w.integration
    ? [
        h('dt', {}, 'Integration'),
        h('dd', {}, h('code', {}, w.integration.url), ` · ${w.integration.format.toUpperCase()} · token ${w.integration.authTokenSet ? `set (sent in ${w.integration.authHeader})` : 'none'}`),
        h('dt', {}, 'Fallback email'),
        h('dd', {}, w.integration.transcriptEmail ?? w.destinationEmail ?? w.email),
      ]
    : [h('dt', {}, 'Integration'), h('dd', {}, 'none: support requests are recorded, not delivered')];
  return h(
    'article',
    { class: 'card widget', 'aria-label': `Widget ${name}` },
    h('h3', {}, w.name ?? '(unnamed widget)', ' ', h('small', {}, h('code', {}, w.uuid))),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Owner'),
      h('dd', {}, w.email, ' · created ', time(w.createdAt)),
      h('dt', {}, `Agents (${w.agents.length})`),
      h('dd', {}, w.agents.map((a, i) => [i > 0 && ', ', h('strong', {}, a.agentAlias), ' ', h('code', {}, a.agentId)])),
      h('dt', {}, 'Schedule'),
      h('dd', {}, w.conversationSchedule ? `${scheduleLine(w.conversationSchedule)} (${w.conversationSchedule.timeZone})` : 'none'),
      integration,
    ),
    w.conversationSchedule && more('schedule', 'Week grid', weekGrid(w.conversationSchedule)),
    more('integration', w.integration ? 'Change the integration' : 'Set the integration', form),
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
    const open = new Set<string>();
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
        widgets.length === 0 ? h('p', {}, 'No widgets yet for this key.') : widgets.map((w) => widgetCard(w, ctx, refresh, open)),
      );
    };
    replace(container, h('h1', {}, 'Accounts'), createForms(ctx, refresh), data);
    await refresh();
    return refresh;
  },
};
