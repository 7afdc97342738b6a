// Faults: this key's fault rules, each with what it matches, its answer, how many matches it has left, how likely it
// fires and how often it has; a small form to add one, and a button to remove each.
import type { FaultRule, FaultRuleInput } from '../../../src/control/schemas.js';
import { call, session } from '../api.js';
import { field, h, replace } from '../dom.js';
import { act, type View } from './view.js';

const times = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What the rule matches: a method and path on the SnapEngage routes, or the mock's calls to a widget's bot. */
const matches = (r: FaultRule) =>
  r.target === 'bot' ? ['Bot calls of ', r.widgetId ? h('code', {}, r.widgetId) : 'every widget'] : [h('strong', {}, r.method === '*' ? 'Any method' : r.method), ' ', h('code', {}, r.path)];

/** What it does instead of the real answer. */
const answer = (r: FaultRule) =>
  r.action === 'reset'
    ? 'connection reset'
    : r.status === null
      ? `a ${r.latencyMs} ms delay, then the real answer`
      : `${r.status}${r.latencyMs ? ` after ${r.latencyMs} ms` : ''}`;

function ruleItem(r: FaultRule, remove: () => void): HTMLElement {
  return h(
    'li',
    { class: 'rule' },
    h('p', { class: 'rule-what' }, matches(r), ' → ', h('strong', {}, answer(r))),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Remaining'),
      h('dd', {}, r.remaining === null ? 'every match (no limit)' : times(r.remaining, 'more match', 'more matches')),
      h('dt', {}, 'Probability'),
      h('dd', {}, r.probability === null ? 'always' : `${Number((r.probability * 100).toFixed(2))} % of matches (seed ${r.seed})`),
      h('dt', {}, 'Fired'),
      h('dd', {}, times(r.fired, 'time', 'times')),
    ),
    h('button', { type: 'button', onclick: remove }, 'Remove', h('span', { class: 'sr' }, ` rule ${r.id}`)),
  );
}

export const faultsView: View = {
  title: 'Faults',
  async mount(container, _arg, ctx) {
    const method = h('select', { name: 'method' }, ['*', 'GET', 'PUT', 'POST', 'DELETE'].map((m) => h('option', { value: m }, m)));
    const path = h('input', { type: 'text', name: 'path', value: '/api/*', required: true });
    const status = h('input', { type: 'number', name: 'status', min: 400, max: 599, value: 503, inputmode: 'numeric' });
    const count = h('input', { type: 'number', name: 'count', min: 1, inputmode: 'numeric', placeholder: 'every match' });
    const probability = h('input', { type: 'number', name: 'probability', min: 0, max: 1, step: 'any', inputmode: 'decimal', placeholder: 'always' });
    const list = h('div', {});
    const refresh = async () => {
      const { faults } = await call('GET /_mock/faults');
      const remove = (r: FaultRule) => () =>
        act(ctx, async () => {
          await call('DELETE /_mock/faults/:id', { params: { id: r.id } });
          await refresh();
          return `Removed rule ${r.id}.`;
        });
      replace(list, faults.length === 0 ? h('p', {}, 'No fault rules for this key.') : h('ul', { class: 'rules', 'aria-label': 'Fault rules' }, faults.map((r) => ruleItem(r, remove(r)))));
    };
    const form = h(
      'form',
      { class: 'card', 'aria-labelledby': 'add-fault' },
      h('h2', { id: 'add-fault' }, 'Add a fault rule'),
      h('div', { class: 'filters' }, field('Method', method), field('Path', path, 'exact, or a prefix ending in *'), field('Status', status), field('Count', count, 'empty: every match'), field('Probability', probability, '0 to 1; empty: always')),
      h('button', { type: 'submit' }, 'Add rule'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      act(ctx, async () => {
        const body: FaultRuleInput = { api_key: session.key ?? undefined, method: method.value, path: path.value.trim(), status: Number(status.value) };
        if (count.value) body.count = Number(count.value);
        if (probability.value) body.probability = Number(probability.value);
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
