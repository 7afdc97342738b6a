// Applies injected faults to the SnapEngage routes: a matching rule or an x-mock-fault header answers, stalls or hangs up.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { FAULT_HEADER, faultError, headerFault, type FaultAction } from './faults.js';
import { requestPartner } from './journal-plugin.js';

/** How long `x-mock-fault: timeout` holds a request whose client never gives up, before a 504. */
export const FAULT_TIMEOUT_MS = 60_000;

export const faultsPlugin = fp(
  async (app: FastifyInstance) => {
    // The rules themselves are built in createContext (context.ts); this plugin is the hook that applies them.
    const { faults } = app.ctx;
    // Stalled requests, released at once when the server shuts down so shutdown stays within its bound.
    const stalled = new Set<() => void>();

    /** Resolves after `ms`, when the client hangs up (true), or at shutdown. */
    const stall = (reply: FastifyReply, ms: number): Promise<boolean> =>
      new Promise((resolve) => {
        const done = (gone: boolean) => {
          clearTimeout(timer);
          stalled.delete(release);
          reply.raw.off('close', onClose);
          resolve(gone);
        };
        const release = () => done(false);
        const onClose = () => done(!reply.raw.writableFinished);
        const timer = setTimeout(release, ms);
        stalled.add(release);
        reply.raw.on('close', onClose);
      });

    const hangUp = (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      app.recordRequest(request, 0, reply.elapsedTime);
      request.raw.socket.destroy();
    };

    const apply = async (request: FastifyRequest, reply: FastifyReply, fault: FaultAction) => {
      request.trace!.fault = fault;
      const wait = fault.kind === 'timeout' ? FAULT_TIMEOUT_MS : fault.latencyMs;
      if (wait > 0 && (await stall(reply, wait))) {
        // The client gave up while we stalled: there is no one to answer.
        reply.hijack();
        app.recordRequest(request, 0, reply.elapsedTime);
        return reply;
      }
      switch (fault.kind) {
        case 'latency':
          return undefined;
        case 'reset':
          hangUp(request, reply);
          return reply;
        case 'timeout':
          throw faultError(504, {});
        case 'respond':
          if (fault.body === undefined) throw faultError(fault.status!, fault.headers);
          reply.code(fault.status!);
          // Before the rule's headers, so a Content-Type it sets wins.
          if (fault.body.json) reply.type('application/json; charset=utf-8');
          return reply.headers(fault.headers).send(fault.body.payload);
      }
    };

    // Callback style: every request runs it and almost none has a fault; only a fault pays for the promise.
    app.addHook('preValidation', (request, reply, done) => {
      if (!request.trace) return done();
      let fault: FaultAction | undefined;
      try {
        const header = request.headers[FAULT_HEADER];
        fault =
          typeof header === 'string'
            ? headerFault(header)
            : faults.match(request.method, request.url.split('?', 1)[0]!, requestPartner(request));
      } catch (err) {
        return done(err as Error);
      }
      if (!fault) return done();
      // apply() answers (or hangs up) itself when it returns the reply; undefined lets the request go on.
      apply(request, reply, fault).then((answered) => {
        if (answered === undefined) done();
      }, done);
    });

    app.addHook('preClose', async () => {
      for (const release of [...stalled]) release();
    });
  },
  { name: 'faults', fastify: '5.x', dependencies: ['journal'] },
);
