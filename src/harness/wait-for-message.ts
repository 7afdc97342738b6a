// waitForMessage: a conversation's line once it exists. It looks when the mock says the conversation changed (the
// in-process event hub for startMock(), the /_mock/events stream for a mock elsewhere), never by sleeping in a loop,
// and gives up after a bound. It never moves the virtual clock: a test on CLOCK=virtual advances it.
import type { EventHub } from '../core/event-hub.js';
import { partnerOf } from '../http/api-key.js';
import type { ConversationDetail, ConversationMessage } from './chat.js';
import { errorBody, MockClientError, query, type Transport } from './transport.js';

/** The line's exact text, a pattern its text matches, or any test of the line (its kind, author, index…). */
export type MessageMatch = string | RegExp | ((line: ConversationMessage) => boolean);

export interface WaitForMessageOptions {
  /** Real milliseconds before giving up (default 10 000). */
  timeoutMs?: number;
}

export type WaitForMessage = (caseId: string, match: MessageMatch, options?: WaitForMessageOptions) => Promise<ConversationMessage>;

/**
 * Calls `changed` when one of the key's conversations changes (`undefined`: any may have, as after a reset); resolves
 * once listening. `ended` aborts when the wait is over: a subscription still being set up then gives up and lets go.
 */
export type Subscribe = (changed: (caseId: string | undefined) => void, ended: AbortSignal) => Promise<() => void>;

const DEFAULT_WAIT_MS = 10_000;

const describe = (match: MessageMatch): string =>
  typeof match === 'string' ? JSON.stringify(match) : match instanceof RegExp ? String(match) : 'the predicate';

const testOf = (match: MessageMatch): ((line: ConversationMessage) => boolean) =>
  typeof match === 'string' ? (line) => line.text === match : match instanceof RegExp ? (line) => match.test(line.text) : match;

/** The last lines, for an error a person reads: what the conversation holds instead. */
const lastLines = (lines: ConversationMessage[]): string =>
  lines.length === 0 ? 'no line yet' : `its last lines: ${lines.slice(-5).map((l) => `${l.index} ${l.kind} ${l.author}: ${JSON.stringify(l.text.slice(0, 80))}`).join('; ')}`;

/** A waitForMessage that reads the conversation with `read` each time `subscribe` says it changed. */
export function waitForMessageVia(read: (caseId: string) => Promise<ConversationDetail>, subscribe: Subscribe): WaitForMessage {
  return (caseId, match, options = {}) => {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_MS;
    const matches = testOf(match);
    return new Promise<ConversationMessage>((resolve, reject) => {
      const ended = new AbortController();
      let settled = false;
      let unsubscribe: (() => void) | undefined;
      let seen: ConversationMessage[] = [];
      let reading = false;
      let stale = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        ended.abort();
        unsubscribe?.();
        outcome();
      };
      const timer = setTimeout(
        () => settle(() => reject(new Error(`waitForMessage: no line of conversation ${caseId} matched ${describe(match)} within ${timeoutMs} ms (${lastLines(seen)})`))),
        timeoutMs,
      );
      // One read at a time; a change during a read asks for one more, so none is missed and none piles up.
      const look = async (): Promise<void> => {
        if (reading) {
          stale = true;
          return;
        }
        reading = true;
        try {
          do {
            stale = false;
            const detail = await read(caseId);
            seen = detail.messages;
            const line = detail.messages.find(matches);
            if (line) return settle(() => resolve(line));
            if (detail.status === 'closed') {
              const why = `conversation ${caseId} closed (ended by ${detail.endedBy}) with no line matching ${describe(match)} (${lastLines(seen)})`;
              return settle(() => reject(new Error(`waitForMessage: ${why}`)));
            }
          } while (stale && !settled);
        } catch (err) {
          settle(() => reject(err));
        } finally {
          reading = false;
        }
      };
      subscribe((changed) => {
        if (!settled && (changed === undefined || changed === caseId)) void look();
      }, ended.signal).then(
        (off) => {
          if (settled) return off();
          unsubscribe = off;
          // Listening first, then the first look: a line written in between is seen by one or the other.
          void look();
        },
        (err: unknown) => settle(() => reject(err)),
      );
    });
  };
}

/** In the mock's own process: its event hub, for this key's partner. */
export function hubSubscription(events: EventHub, apiKey: string): Subscribe {
  return async (changed) =>
    events.subscribe(partnerOf(apiKey), (event) => {
      if (event.type === 'conversation') changed(event.caseId);
      else if (event.type === 'reset') changed(undefined);
    });
}

/**
 * A mock elsewhere: its Server-Sent Events stream (GET /_mock/events), one per wait, ended when the wait is, even while
 * it is still connecting or waiting for the stream's `ready` (a mock that never answers must not hold the test run open).
 */
export function streamSubscription(http: Transport, apiKey: string): Subscribe {
  return async (changed, ended) => {
    const controller = new AbortController();
    if (ended.aborted) controller.abort();
    else ended.addEventListener('abort', () => controller.abort(), { once: true });
    const res = await fetch(`${http.url}/_mock/events${query({ api_key: apiKey })}`, { headers: { ...http.auth }, signal: controller.signal });
    if (!res.ok || res.body === null) {
      const text = await res.text();
      throw new MockClientError(res.status, errorBody(text), 'GET /_mock/events');
    }
    const reader = res.body.getReader();
    let onReady: () => void = () => {};
    const ready = new Promise<void>((resolve) => (onReady = resolve));
    const frame = (text: string) => {
      for (const line of text.split('\n')) {
        if (!line.startsWith('data: ')) continue;
        const event = JSON.parse(line.slice(6)) as { type: string; caseId?: string };
        if (event.type === 'ready') onReady();
        else if (event.type === 'conversation') changed(event.caseId);
        else if (event.type === 'reset') changed(undefined);
      }
    };
    void (async () => {
      const decoder = new TextDecoder();
      let buffered = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffered += decoder.decode(value, { stream: true });
          for (let end = buffered.indexOf('\n\n'); end !== -1; end = buffered.indexOf('\n\n')) {
            frame(buffered.slice(0, end));
            buffered = buffered.slice(end + 2);
          }
        }
      } catch {
        // Aborted by the wait's end, or the connection dropped: either way, nothing more comes from this stream.
      }
      // The stream is over before or after `ready`: the wait ended (its abort frees a subscription still waiting for
      // `ready`), or the mock went away (a shutdown ends every stream), when one more look reports it rather than
      // waiting out the bound.
      onReady();
      if (!controller.signal.aborted) changed(undefined);
    })();
    await ready;
    return () => controller.abort();
  };
}
