// Emails: the fallback emails as an inbox (in the manner of Mailpit): recipient, subject, the text, attachments, SMTP result.
import type { Email } from '../../../src/email/schemas.js';
import { call, raw } from '../api.js';
import { h, replace, time } from '../dom.js';
import { act, type View } from './view.js';

const smtpResult = (e: Email) => (e.smtp.sent ? `relayed (${e.smtp.attempts} tr${e.smtp.attempts === 1 ? 'y' : 'ies'})` : e.smtp.attempts === 0 ? 'stored (SMTP_URL not set)' : `not relayed: ${e.smtp.error ?? 'pending'}`);

export const emailsView: View = {
  title: 'Emails',
  async mount(container, arg, ctx) {
    // #/emails/<id>: the email a delivery's timeline links to, selected from the start.
    let selected: string | undefined = arg;
    const list = h('div', { class: 'inbox-list' });
    const detail = h('section', { class: 'inbox-detail', 'aria-label': 'Selected email' });
    // Downloaded with fetch and handed over as a blob: a plain link would carry the api_key in the page.
    const download = (e: Email, index: number) =>
      act(ctx, async () => {
        const res = await raw('GET /_mock/emails/:id/attachments/:index', { params: { id: e.id, index } });
        const href = URL.createObjectURL(await res.blob());
        const a = h('a', { href, download: e.attachments[index]!.filename });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(href), 10_000);
        return `Downloaded ${e.attachments[index]!.filename}.`;
      });
    const show = (e: Email) => {
      selected = e.id;
      replace(
        detail,
        h('h2', {}, e.subject),
        h('dl', { class: 'facts' }, h('dt', {}, 'To'), h('dd', {}, e.to), h('dt', {}, 'From'), h('dd', {}, e.from), h('dt', {}, 'Stored'), h('dd', {}, time(e.createdAt)), h('dt', {}, 'SMTP'), h('dd', {}, smtpResult(e)), h('dt', {}, 'Delivery'), h('dd', {}, h('a', { href: `#/delivery/${e.deliveryId}` }, e.deliveryId))),
        e.attachments.length > 0 && h('ul', { class: 'attachments', 'aria-label': 'Attachments' }, e.attachments.map((a, i) => h('li', {}, h('button', { type: 'button', onclick: () => download(e, i) }, `Download ${a.filename}`), ` ${a.contentType}, ${a.size} bytes`))),
        h('pre', { class: 'mail-text', tabindex: 0 }, e.text),
      );
    };
    const refresh = async () => {
      const { emails } = await call('GET /_mock/emails');
      replace(
        list,
        emails.length === 0
          ? h('p', {}, 'No fallback emails yet: one is sent when a delivery exhausts its retry ladder.')
          : h('ul', { class: 'inbox' }, emails.map((e) => h('li', {}, h('button', { type: 'button', class: `mail${e.id === selected ? ' selected' : ''}`, 'aria-pressed': e.id === selected ? 'true' : 'false', onclick: () => { show(e); refresh(); } }, h('span', { class: 'to' }, e.to), h('span', { class: 'subject' }, e.subject), h('span', { class: 'when' }, time(e.createdAt)), h('span', { class: `smtp ${e.smtp.sent ? 'ok' : 'no'}` }, smtpResult(e)))))),
      );
      const current = emails.find((e) => e.id === selected) ?? emails[0];
      if (current && !detail.contains(document.activeElement)) show(current);
    };
    replace(container, h('h1', {}, 'Emails'), h('p', {}, 'The fallback emails of this key, newest first: one is sent when a delivery exhausts its retry ladder.'), h('div', { class: 'inbox-wrap' }, list, detail));
    await refresh();
    return refresh;
  },
};
