// A tiny element builder. Everything the page shows came from someone else (visitors' messages, receivers' answers,
// request bodies), so text is only ever set as text nodes: there is no innerHTML anywhere in the inspector.

export type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

const two = (n: number) => String(n).padStart(2, '0');

/** An instant on the mock's clock, in UTC (the mock's clock is what matters, not the viewer's zone). */
export function time(ms: number | null | undefined, withDate = true): HTMLElement | string {
  if (ms === null || ms === undefined) return '—';
  const d = new Date(ms);
  const text = `${withDate ? `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ` : ''}${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return h('time', { datetime: d.toISOString() }, `${text} UTC`);
}

/** "2 h 05 min", "1 min 5 s": how long, for a wait or a step on the ladder. */
export function duration(ms: number): string {
  let s = Math.round(Math.abs(ms) / 1000);
  const hours = Math.floor(s / 3600);
  s -= hours * 3600;
  const minutes = Math.floor(s / 60);
  s -= minutes * 60;
  const parts = [hours && `${hours} h`, (minutes || hours) && `${hours ? two(minutes) : minutes} min`, s && `${s} s`].filter(Boolean);
  return parts.join(' ') || '0 s';
}

/** "+2 h 05 min" style, for durations on the ladder. */
export function span(ms: number): string {
  return `${ms < 0 ? '−' : '+'}${duration(ms)}`;
}

export function badge(status: string): HTMLElement {
  return h('span', { class: `badge badge-${status}` }, status);
}

/** A labelled form field; the label is always there for screen readers, visible too. */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('small', {}, hint) : null);
}

/** JSON as a tree of <details>, collapsed below the first level; leaves as text. */
export function jsonTree(value: unknown, name = 'document', depth = 0): HTMLElement {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    const summary = `${name} ${Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`}`;
    return h('details', { class: 'tree', open: depth < 1 }, h('summary', {}, summary), h('ul', {}, entries.map(([k, v]) => h('li', {}, jsonTree(v, k, depth + 1)))));
  }
  return h('span', { class: 'leaf' }, h('span', { class: 'key' }, `${name}: `), h('code', {}, JSON.stringify(value)));
}

/** A box that scrolls sideways on a narrow screen: focusable and named, so a keyboard can scroll it too. */
export function scroller(label: string, ...children: Child[]): HTMLElement {
  return h('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': label }, ...children);
}
