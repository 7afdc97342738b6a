// Records every request to the SnapEngage routes in the journal, with the answer, once it is sent (or the connection dropped).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { FaultAction } from './faults.js';
import { isSnapEngagePath, journalBodyJson, journalHeaders, journalResponse, type JournaledResponse } from './journal.js';
import type { JournalEntry } from './schemas.js';

export interface RequestTrace {
  /** The mock's clock when the request arrived: the clock of the key it sent (see timedBy). */
  at: number;
  /** The partner whose clock `at` was read on; undefined when the key did not tell (a Logs API call, by token). */
  timedBy: string | undefined;
  /** The query as sent (validation may replace request.query: a repeated key keeps its first value). */
  query: unknown;
  fault: FaultAction | null;
  /** The answer as it was sent (onSend); null until then, and for good when none is (a dropped connection). */
  response: JournaledResponse | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Records a request the normal response path will not see (a hijacked or dropped one). */
    recordRequest(request: FastifyRequest, status: number, durationMs: number): void;
  }
  interface FastifyRequest {
    /** Set on SnapEngage routes only. */
    trace: RequestTrace | null;
  }
}

/**
 * The partner a request is journaled under: its authenticated one, else (an unknown path, say) the partner of the key
 * it sent if the mock accepts that key. A rejected key has no journal, so it can neither fill nor evict one.
 */
export function requestPartner(request: FastifyRequest): string | undefined {
  return request.partner || request.server.ctx.partners.accepted((request.query as Record<string, unknown> | undefined)?.api_key);
}

/** The path of a URL: a slice, not split()'s array (every journaled request runs it). */
const pathOf = (url: string): string => {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
};

export const journalPlugin = fp(
  async (app: FastifyInstance) => {
    // The journal itself is built in createContext (context.ts); this plugin is the hook that records into it.
    const { clock, config, journal, events } = app.ctx;
    const maxBodyBytes = config.JOURNAL_MAX_BODY_BYTES;
    app.decorateRequest('trace', null);

    const record = (request: FastifyRequest, status: number, durationMs: number) => {
      const partner = requestPartner(request);
      // Without a key there is no one to list the entry to.
      if (partner === undefined || !request.trace) return;
      const { fault } = request.trace;
      journal.record(partner, {
        requestId: request.id,
        // A partner known only once the route ran (the Logs API's token) is stamped with its own clock: a virtual
        // clock does not move while its partner's request runs.
        at: request.trace.timedBy === partner || clock.mode === 'real' ? request.trace.at : clock.now(partner),
        method: request.method,
        path: pathOf(request.url),
        // As parsed, before validation: the query string parser makes strings and lists of strings only.
        query: (request.trace.query ?? {}) as JournalEntry['query'],
        headers: journalHeaders(request.headers),
        bodyJson: journalBodyJson(request.body, Number(request.headers['content-length'] ?? 0), maxBodyBytes),
        status,
        response: status === 0 ? null : request.trace.response,
        durationMs: Math.round(durationMs * 100) / 100,
        fault: fault && { source: fault.source, kind: fault.kind, ...(fault.ruleId ? { ruleId: fault.ruleId } : {}) },
      });
      events.publish(partner, { type: 'journal' });
    };
    app.decorate('recordRequest', record);

    // Callback-style hooks: every request runs them, and an async hook costs a promise and a microtask each.
    app.addHook('onRequest', (request, _reply, done) => {
      if (isSnapEngagePath(request.url)) {
        const timedBy = requestPartner(request);
        request.trace = { at: clock.now(timedBy), timedBy, fault: null, query: request.query, response: null };
      }
      done();
    });
    // The answer as it leaves: its status, headers and body, redacted and capped as a request's body is, so the journal
    // says why a call failed (a 400's message and details), as WireMock's request journal does.
    app.addHook('onSend', (request, reply, payload, done) => {
      if (request.trace) request.trace.response = journalResponse(reply.getHeaders(), payload, maxBodyBytes);
      done(null, payload);
    });
    app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done) => {
      record(request, reply.statusCode, reply.elapsedTime);
      done();
    });
  },
  { name: 'journal', fastify: '5.x' },
);
