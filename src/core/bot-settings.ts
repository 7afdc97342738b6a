// The bots' settings (src/bots/, src/conversations/bot-driver.ts): a bot's default timeout and what one answer may hold.
import { bytes, count, doc } from './setting-doc.js';

/** The longest `timeoutMs` a bot's settings may ask for: also what a silent bot can hold a socket for. */
export const MAX_BOT_TIMEOUT_MS = 120_000;

export const botSettings = {
  BOT_TIMEOUT_MS: count(100, MAX_BOT_TIMEOUT_MS).default(10_000).meta(doc({
    arg: 'MS',
    help: "a bot's timeoutMs when its settings give none",
    description:
      "a bot's `timeoutMs` when its settings give none: a call unanswered this long (real time; on `CLOCK=virtual`, also once the key's clock passes it) fails, and the chat goes to a human. `100` to `120000`. See [Bots](#bots-the-mock-calls-your-chat-bot)",
  })),
  BOT_ANSWER_MAX_BYTES: bytes(1024, 1024 * 1024).default(64 * 1024).meta(doc({
    arg: 'BYTES',
    help: 'largest answer a bot call reads; a larger one is a failed call',
    description: 'largest answer a bot call reads: a larger one is a failed call (`invalid_answer`), and the chat goes to a human. `1024` to `1048576`',
  })),
};
