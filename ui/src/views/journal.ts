// Journal: the requests sent to the SnapEngage routes with this key (secrets already redacted by the mock), filters,
// a detail with the request and the answer (its headers and body: a 400 says why), and "copy as curl" (secrets as shell
// variables, never the key: curl.ts).
import type { JournalEntry as Entry } from '../../../src/control/schemas.js';
import { call } from '../api.js';
import { curlOf } from '../curl.js';
import { badge, field, h, jsonTree, replace, scroller } from '../dom.js';
import { act, type View } from './view.js';

/** The code and message of the mock's error envelope, when the answer is one. */
function errorOf(body: unknown): { code: string; message: string } | undefined {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null | undefined)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string' ? { code: error.code, message: error.message } : undefined;
}

export const journalView: View = {
  title: 'Journal',
  async mount(container, _arg, ctx) {
    const method = h('select', { name: 'method' }, h('option', { value: '' }, 'any'), ['GET', 'PUT', 'POST', 'DELETE'].map((m) => h('option', { value: m }, m)));
    const path = h('input', { type: 'text', name: 'path', placeholder: '/api/v1/*' });
    const status = h('input', { type: 'number', name: 'status', min: 0, max: 599, inputmode: 'numeric' });
    const list = scroller('Journal entries');
    const detail = h('section', { 'aria-label': 'Selected request' });
    let selected: number | undefined;
    const show = (e: Entry) => {
      selected = e.id;
      const curl = curlOf(e, location.origin);
      const copy = () =>
        act(ctx, async () => {
          if (navigator.clipboard && window.isSecureContext) {
            await navigator.clipboard.writeText(curl);
            return 'Copied the curl command.';
          }
          area.select();
          return 'Select and copy the command shown (the clipboard needs https or localhost).';
        });
      const area = h('textarea', { readonly: true, rows: 3, 'aria-label': 'curl command' });
      area.value = curl;
      const reason = errorOf(e.response?.body);
      replace(
        detail,
        h('h2', {}, `${e.method} ${e.path}`),
        h(
          'dl',
          { class: 'facts' },
          h('dt', {}, 'At'),
          h('dd', {}, e.at),
          h('dt', {}, 'Answer'),
          h('dd', {}, `${e.status} in ${e.durationMs} ms`),
          reason ? [h('dt', {}, 'Reason'), h('dd', {}, h('code', {}, reason.code), ` ${reason.message}`)] : [],
          h('dt', {}, 'Fault'),
          h('dd', {}, e.fault ? `${e.fault.kind} (${e.fault.source}${e.fault.ruleId ? ` ${e.fault.ruleId}` : ''})` : 'none'),
          h('dt', {}, 'Request id'),
          h('dd', {}, h('code', {}, e.requestId)),
        ),
        h('div', { class: 'actions' }, h('button', { type: 'button', onclick: copy }, 'Copy as curl')),
        area,
        h('h3', {}, 'Request'),
        jsonTree(e.query, 'query'),
        jsonTree(e.headers, 'headers'),
        jsonTree(e.body, 'body'),
        h('h3', {}, 'Response'),
        e.response
          ? [h('p', {}, `Status ${e.response.status}`), jsonTree(e.response.headers, 'headers'), jsonTree(e.response.body, 'body')]
          : h('p', {}, 'No answer was sent: the connection was dropped.'),
      );
    };
    const row = (e: Entry) =>
      h(
        'tr',
        { class: e.id === selected ? 'selected' : null },
        // The button first: on a narrow screen the table scrolls sideways, and what opens a row stays in view.
        h('td', {}, h('button', { type: 'button', onclick: () => { show(e); void refresh(); } }, `Details #${e.id}`)),
        h('td', {}, e.at.slice(11, 19)),
        h('td', {}, e.method),
        h('td', {}, h('code', {}, e.path)),
        h('td', {}, badge(String(e.status))),
        h('td', {}, e.fault?.kind ?? ''),
      );
    const refresh = async () => {
      const { requests } = await call('GET /_mock/requests', { query: { method: method.value, path: path.value.trim(), status: status.value, limit: 200 } });
      const newest = [...requests].reverse();
      replace(
        list,
        newest.length === 0
          ? h('p', {}, 'No requests match.')
          : h(
              'table',
              {},
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, h('span', { class: 'sr' }, 'Open')), ['At', 'Method', 'Path', 'Status', 'Fault'].map((c) => h('th', { scope: 'col' }, c)))),
              h('tbody', {}, newest.map((e) => row(e))),
            ),
      );
    };
    const filters = h('form', { class: 'filters', 'aria-label': 'Filter the journal' }, field('Method', method), field('Path', path, 'exact, or a prefix ending in *'), field('Status', status), h('button', { type: 'submit' }, 'Filter'));
    filters.addEventListener('submit', (event) => {
      event.preventDefault();
      act(ctx, refresh);
    });
    replace(container, h('h1', {}, 'Journal'), filters, h('div', { class: 'two' }, list, detail));
    await refresh();
    return refresh;
  },
};
