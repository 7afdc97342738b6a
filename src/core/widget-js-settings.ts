// The JavaScript widget's settings (src/widget-js/): what the pages that embed it may hold of the mock, each bound named in its error.
import { count, doc } from './setting-doc.js';

export const widgetJsSettings = {
  WIDGET_MAX_VISITORS: count(1, 100_000).default(1_000).meta(doc({
    arg: 'N',
    help: 'pages with the JavaScript widget open that the mock keeps track of at once',
    description:
      'pages with the JavaScript widget open (`/js/{widgetId}.js`) that the mock keeps track of at once, every key\'s together; one more is refused (503 `too_many_visitors`). A page that stops polling is forgotten after `WIDGET_VISITOR_IDLE_MS`',
  })),
  WIDGET_VISITOR_IDLE_MS: count(1_000, 3_600_000).default(60_000).meta(doc({
    arg: 'MS',
    help: 'a widget page that has not polled for this long (real time) is forgotten',
    description: 'a widget page that has not polled for this long (real time) is forgotten: invitations no longer reach it, and its next call re-registers it',
  })),
  WIDGET_POLL_MS: count(100, 120_000).default(25_000).meta(doc({
    arg: 'MS',
    help: "how long a widget page's poll is held when nothing is new",
    description: "how long a widget page's poll is held when nothing is new (real time; at most half of `REQUEST_TIMEOUT_MS`); an agent's line, a close or a control-plane invitation answers it at once",
  })),
  WIDGET_CHATS_PER_MINUTE: count(1, 100_000).default(60).meta(doc({
    arg: 'N',
    help: 'chats and offline messages the pages of one widget may start per minute',
    description:
      'chats and offline messages the pages of one widget may start in any minute (real time); one more is refused (429 `too_many_chats`, with `Retry-After`). The widget is keyless, so this is what bounds a page that starts chats in a loop',
  })),
};
