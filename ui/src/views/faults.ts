// Faults: this key's fault rules, a small form to add one, and a button to remove each.
import type { FaultRuleInput } from '../../../src/control/schemas.js';
import { call, session } from '../api.js';
import { field, h, replace, scroller } from '../dom.js';
import { act, type View } from './view.js';

export const faultsView: View = {
  title: 'Faults',
  async mount(container, _arg, ctx) {
    const method = h('select', { name: 'method' }, ['*', 'GET', 'PUT', 'POST', 'DELETE'].map((m) => h('option', { value: m }, m)));
    const path = h('input', { type: 'text', name: 'path', value: '/api/*', required: true });
    const status = h('input', { type: 'number', name: 'status', min: 400, max: 599, value: 503, inputmode: 'numeric' });
    const count = h('input', { type: 'number', name: 'count', min: 1, inputmode: 'numeric', placeholder: 'every match' });
    const list = scroller('Fault rules');
    const refresh = async () => {
      const { faults } = await call('GET /_mock/faults');
      replace(
        list,
        faults.length === 0
          ? h('p', {}, 'No fault rules for this key.')
          : h('table', {}, h('thead', {}, h('tr', {}, ['Method', 'Path', 'Answer', 'Left', 'Fired', ''].map((c) => h('th', { scope: 'col' }, c || h('span', { class: 'sr' }, 'Remove'))))), h('tbody', {}, faults.map((r) => h('tr', {}, h('td', {}, r.method), h('td', {}, h('code', {}, r.path)), h('td', {}, r.action === 'reset' ? 'connection reset' : `${r.status ?? ''}${r.latencyMs ? ` after ${r.latencyMs} ms` : ''}`), h('td', {}, r.remaining ?? '∞'), h('td', {}, r.fired), h('td', {}, h('button', { type: 'button', onclick: () => act(ctx, async () => { await call('DELETE /_mock/faults/:id', { params: { id: r.id } }); await refresh(); return `Removed rule ${r.id}.`; }) }, `Remove ${r.id}`)))))),
      );
    };
    const form = h('form', { class: 'card', 'aria-labelledby': 'add-fault' }, h('h2', { id: 'add-fault' }, 'Add a fault rule'), h('div', { class: 'filters' }, field('Method', method), field('Path', path, 'exact, or a prefix ending in *'), field('Status', status), field('Count', count, 'empty: every match')), h('button', { type: 'submit' }, 'Add rule'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act(ctx, async () => {
        const body: FaultRuleInput = { api_key: session.key ?? undefined, method: method.value, path: path.value.trim(), status: Number(status.value) };
        if (count.value) body.count = Number(count.value);
        // The key goes in the body here (the route scopes the rule by it), not in the query.
        const rule = await call('POST /_mock/faults', { body, noKey: true });
        await refresh();
        return `Added rule ${rule.id}.`;
      });
    });
    replace(container, h('h1', {}, 'Faults'), form, h('h2', {}, 'Rules'), list);
    await refresh();
    return refresh;
  },
};
