// One call to a bot: the fault rule aimed at it (delay, an answer in its place, a reset), the self-target check, then
// the POST over the bots' own undici client (its deadline the bot's timeoutMs, the answer read up to BOT_ANSWER_MAX_BYTES).
import { setTimeout as sleep } from 'node:timers/promises';
import { VERSION } from '../core/version.js';
import type { Bot } from '../db/bots-repository.js';
import { AttemptAbort } from '../delivery/attempt-abort.js';
import type { SelfTarget } from '../delivery/self-target.js';
import { elapsed, type WebhookClient } from '../delivery/webhook-client.js';

/** A fault rule aimed at bot calls (POST /_mock/faults with `"target": "bot"`), as the control plane's rules match it. */
export interface BotFault {
  ruleId?: string;
  kind: 'respond' | 'latency' | 'reset' | 'timeout';
  status?: number;
  body?: { payload: string };
  latencyMs: number;
}

/** Where the calls' fault rules come from (control/faults.ts, wired in context.ts: control/ is above this folder). */
export interface BotFaults {
  matchBot(widgetId: string, partner: string): BotFault | undefined;
}

/** The header that names the call, to correlate with GET /_mock/conversations/{caseId}/bot-calls. */
export const BOT_CALL_HEADER = 'x-snapengage-mock-bot-call';

export interface BotExchange {
  statusCode: number | null;
  /** The answer's body, up to BOT_ANSWER_MAX_BYTES; null when none came. */
  body: string | null;
  /** The body was larger than BOT_ANSWER_MAX_BYTES. */
  tooLarge: boolean;
  /** A transport failure: `timeout: ...`, `connection_refused: ...`, `self_delivery: ...`. */
  error: string | null;
  durationMs: number;
  faultId: string | null;
}

export interface BotExchangeDeps {
  client: WebhookClient;
  self: SelfTarget;
  faults: BotFaults;
  maxAnswerBytes: number;
}

export class BotExchanger {
  constructor(private readonly deps: BotExchangeDeps) {}

  /** Never throws. `abort` ends it early (the key's clock timed it out, or the mock shuts down). */
  async call(bot: Bot, callId: number, body: string, timeoutMs: number, abort: AttemptAbort): Promise<BotExchange> {
    const started = performance.now();
    const fault = this.deps.faults.matchBot(bot.widgetId, bot.partner);
    const faultId = fault?.ruleId ?? null;
    const ended = (part: Partial<BotExchange>): BotExchange => ({ statusCode: null, body: null, tooLarge: false, error: null, durationMs: elapsed(started), faultId, ...part });
    if (fault && fault.latencyMs > 0) {
      const wait = Math.min(fault.latencyMs, timeoutMs);
      const aborted = await sleep(wait, false, { signal: abort.signal }).catch(() => true);
      if (aborted) return ended({ error: 'aborted: the call ended before the fault rule\'s delay did' });
      if (fault.latencyMs >= timeoutMs) return ended({ error: `timeout: no answer within ${timeoutMs} ms (fault rule ${faultId} delays it ${fault.latencyMs} ms)` });
    }
    if (fault?.kind === 'respond') {
      return ended({ statusCode: fault.status ?? 500, body: fault.body?.payload ?? `{"error":"injected fault: HTTP ${fault.status}"}` });
    }
    if (fault?.kind === 'reset') return ended({ error: `connection_reset: fault rule ${faultId} reset the connection before an answer` });
    const self = await this.deps.self.check(bot.url);
    if (self !== undefined) return ended({ error: `self_delivery: the bot URL reaches the mock itself (${self}); not sent` });
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': `snapengage-mock/${VERSION}`,
      [BOT_CALL_HEADER]: String(callId),
      ...(bot.token === null ? {} : { authorization: bot.token }),
    };
    const remaining = Math.max(1, timeoutMs - elapsed(started));
    const res = await this.deps.client.post({ url: bot.url, headers, body }, abort, { timeoutMs: remaining, keepBytes: this.deps.maxAnswerBytes });
    return { statusCode: res.statusCode, body: res.bodyStart, tooLarge: res.truncated === true, error: res.error, durationMs: elapsed(started), faultId };
  }
}
