// Support requests and their deliveries: a list with status filters, and a detail with the document (JSON tree or the
// XML as sent), the transcript as a chat, and the attempts on a timeline against the retry ladder.
import type { Delivery } from '../../../src/delivery/schemas.js';
import type { LadderStep } from '../../../src/inspector/schemas.js';
import type { SupportRequest } from '../../../src/support-request/document-schema.js';
import { call } from '../api.js';
import { badge, field, h, jsonTree, replace, span, time, scroller } from '../dom.js';
import { act, type View } from './view.js';

const STATUSES: Array<Delivery['status']> = ['pending', 'delivering', 'delivered', 'emailed'];

export const deliveriesView: View = {
  title: 'Support requests',
  async mount(container, _arg, ctx) {
    const status = h('select', { name: 'status' }, h('option', { value: '' }, 'any'), STATUSES.map((s) => h('option', { value: s }, s)));
    const widget = h('input', { type: 'text', name: 'widget_id', placeholder: 'widget uuid' });
    const list = scroller('Deliveries');
    const refresh = async () => {
      const { deliveries } = await call('GET /_mock/deliveries', { query: { status: status.value, widget_id: widget.value.trim() } });
      replace(
        list,
        deliveries.length === 0
          ? h('p', {}, 'No deliveries match. Fire a chat from Accounts to make one.')
          : h(
              'table',
              { class: 'deliveries' },
              h('thead', {}, h('tr', {}, ['Delivery', 'Status', 'Created', 'Support request', 'Attempts', 'Next attempt'].map((c) => h('th', { scope: 'col' }, c)))),
              h(
                'tbody',
                {},
                deliveries.map((d) =>
                  // The link and the status first: on a narrow screen the table scrolls sideways, and they stay in view.
                  h('tr', {}, h('td', {}, h('a', { href: `#/delivery/${d.id}` }, `Open ${d.id.slice(0, 12)}…`)), h('td', {}, badge(d.status)), h('td', {}, time(d.createdAt)), h('td', {}, h('code', {}, d.supportRequestId)), h('td', {}, `${d.attempts.length} / ${d.maxAttempts}`), h('td', {}, time(d.nextAttemptAt))),
                ),
              ),
            ),
      );
    };
    const filters = h('form', { class: 'filters', 'aria-label': 'Filter deliveries' }, field('Status', status), field('Widget', widget), h('button', { type: 'submit' }, 'Filter'));
    filters.addEventListener('submit', (event) => {
      event.preventDefault();
      act(ctx, refresh);
    });
    status.addEventListener('change', () => act(ctx, refresh));
    replace(container, h('h1', {}, 'Support requests and deliveries'), filters, list);
    await refresh();
    return refresh;
  },
};

function timeline(d: Delivery, steps: LadderStep[], now: number): HTMLElement {
  const first = steps[0]?.at ?? d.createdAt;
  return h(
    'ol',
    { class: 'timeline', 'aria-label': 'Attempts on the retry ladder' },
    steps.map((step) => {
      const done = d.attempts.find((a) => a.attempt === step.attempt);
      const label = done ? (done.outcome === 'delivered' ? 'delivered' : 'failed') : step.state === 'next' ? (step.at <= now ? 'due now' : 'next') : 'planned';
      // The ladder's last failure is where the fallback email went out: it says so, and links to it.
      const emailed = done && d.status === 'emailed' && d.emailId !== null && done.attempt === d.attempts.at(-1)?.attempt ? d.emailId : null;
      return h(
        'li',
        { class: `step step-${done ? done.outcome : step.state}${emailed ? ' step-emailed' : ''}`, 'data-attempt': step.attempt },
        h('div', { class: 'step-head' }, h('strong', {}, `Attempt ${step.attempt}`), ' ', badge(label), emailed && [' then ', badge('emailed')], ' ', time(step.at), ' ', h('small', {}, span(step.at - first))),
        emailed && h('p', { class: 'step-email' }, 'The ladder ended here: the support request went out as the fallback email ', h('a', { href: `#/emails/${encodeURIComponent(emailed)}` }, emailed), '.'),
        done &&
          h(
            'dl',
            { class: 'facts' },
            h('dt', {}, 'Status'),
            h('dd', {}, done.statusCode === null ? 'no response' : String(done.statusCode)),
            h('dt', {}, 'Duration'),
            h('dd', {}, `${done.durationMs} ms`),
            done.error && [h('dt', {}, 'Error'), h('dd', {}, done.error)],
            h('dt', {}, 'URL'),
            h('dd', {}, h('code', {}, done.url)),
            done.responseBodyStart && [h('dt', {}, 'Answer'), h('dd', {}, h('pre', { class: 'answer' }, done.responseBodyStart))],
          ),
      );
    }),
  );
}

function transcript(doc: SupportRequest): HTMLElement {
  const lines = doc.transcripts ?? [];
  if (lines.length === 0) return h('p', {}, 'No transcript (an offline request carries its description instead).');
  return h(
    'ol',
    { class: 'chat', 'aria-label': 'Transcript' },
    lines.map((line) => h('li', { class: line.sender === 'AGENT' ? 'agent' : 'visitor' }, h('p', { class: 'who' }, line.alias, ' ', h('small', {}, line.date)), h('p', { class: 'msg' }, line.message))),
  );
}

export const deliveryView: View = {
  title: 'Delivery',
  async mount(container, id, ctx) {
    if (!id) throw new Error('no delivery id in the address');
    const summary = h('div', {});
    const ladder = h('section', { 'aria-labelledby': 'ladder-h' });
    const doc = h('section', { 'aria-labelledby': 'doc-h' });
    let docLoaded = false;
    const refresh = async () => {
      const [d, l, clock] = await Promise.all([
        call('GET /_mock/deliveries/:id', { params: { id } }),
        call('GET /_mock/deliveries/:id/ladder', { params: { id } }),
        call('GET /_mock/clock'),
      ]);
      const redeliver = () =>
        act(ctx, async () => {
          const fresh = await call('POST /_mock/deliveries/:id/redeliver', { params: { id } });
          if (fresh.id !== id) location.hash = `#/delivery/${fresh.id}`;
          return fresh.id === id ? 'The next attempt is due now.' : `Redelivering as ${fresh.id}.`;
        });
      const fire = (type: 'chat' | 'offline') =>
        act(ctx, async () => {
          const created = await call('POST /_mock/widgets/:widgetId/support-requests', { params: { widgetId: d.widgetId }, body: { type } });
          if (created.deliveryId) location.hash = `#/delivery/${created.deliveryId}`;
          return `Created ${type} support request ${created.supportRequest.id}.`;
        });
      replace(
        summary,
        h('dl', { class: 'facts wide' }, h('dt', {}, 'Status'), h('dd', {}, badge(d.status), d.status === 'emailed' && d.emailId ? [' ', h('a', { href: `#/emails/${encodeURIComponent(d.emailId)}` }, 'see the email')] : null), h('dt', {}, 'Support request'), h('dd', {}, h('code', {}, d.supportRequestId)), h('dt', {}, 'URL'), h('dd', {}, h('code', {}, d.url)), h('dt', {}, 'Format'), h('dd', {}, d.format), h('dt', {}, 'Created'), h('dd', {}, time(d.createdAt)), h('dt', {}, 'Mock clock'), h('dd', {}, time(clock.now), ` (${clock.mode})`), d.redeliveryOf && [h('dt', {}, 'Redelivery of'), h('dd', {}, h('a', { href: `#/delivery/${d.redeliveryOf}` }, d.redeliveryOf))]),
        h('div', { class: 'actions' }, h('button', { type: 'button', onclick: redeliver, disabled: d.status === 'delivering' }, 'Redeliver'), h('button', { type: 'button', onclick: () => fire('chat') }, 'Fire a new chat'), h('button', { type: 'button', onclick: () => fire('offline') }, 'Fire an offline request'), clock.mode === 'virtual' ? h('a', { class: 'button', href: '#/clock' }, 'Move the clock') : null),
      );
      replace(ladder, h('h2', { id: 'ladder-h' }, `Attempts (${d.attempts.length} of at most ${d.maxAttempts})`), l.clock === 'real' ? h('p', {}, 'Planned times are approximate on the real clock (±10 % jitter).') : null, timeline(d, l.steps, clock.now));
      if (!docLoaded) {
        docLoaded = true;
        const sr = await call('GET /_mock/support-requests/:id', { params: { id: d.supportRequestId } });
        replace(
          doc,
          h('h2', { id: 'doc-h' }, `The ${sr.type} support request`),
          h('h3', {}, 'Transcript'),
          transcript(sr.document),
          h('h3', {}, d.format === 'xml' ? 'Document (XML, as sent)' : 'Document (JSON, as sent)'),
          d.format === 'xml' ? h('pre', { class: 'xml', tabindex: 0 }, sr.xml) : jsonTree(sr.document),
        );
      }
    };
    replace(container, h('h1', {}, 'Delivery ', h('code', {}, id)), h('p', {}, h('a', { href: '#/deliveries' }, '← All deliveries')), summary, h('div', { class: 'two' }, ladder, doc));
    await refresh();
    return refresh;
  },
};
