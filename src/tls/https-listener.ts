// The same Fastify app over TLS on a second port: one app, one store, one dispatcher, one journal, two listeners.
// Fastify owns one server per instance; a second instance would mean a second store and dispatcher. So the https
// server hands each request to `app.routing`, the very handler Fastify gives its own server (503 while closing
// included), takes the same timeouts and client-error handling, and is closed by the app's own close().
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:https';
import type { FastifyInstance } from 'fastify';
import { BootError } from '../core/boot-error.js';

export interface HttpsListener {
  server: Server;
  /** Listens on `port` (0: a free one) and `host`; resolves with the port. */
  listen(port: number, host: string): Promise<number>;
}

/**
 * Call after buildApp and before the app listens (hooks cannot be added later). A certificate or key the TLS stack
 * refuses (a 512-bit key, an MD5 signature) is a BootError naming `setting`, where they came from.
 */
export function attachHttpsListener(app: FastifyInstance, tls: { cert: string; key: string }, setting = 'TLS_CERT'): HttpsListener {
  let server: Server;
  try {
    // The handshake comes before the http layer's idle timeout applies; Node's own bound for it is 120 s, so half a
    // ClientHello would hold a socket that long. REQUEST_TIMEOUT_MS (src/app.ts's connectionTimeout) bounds it too.
    server = createServer({ cert: tls.cert, key: tls.key, handshakeTimeout: app.server.timeout || undefined }, app.routing);
  } catch (err) {
    // OpenSSL's reason is the end of its message: "error:0A00018F:SSL routines::ee key too small".
    const reason = (err as Error).message.split(':').pop()?.trim() || (err as Error).message;
    throw new BootError(`${setting}: the TLS stack refuses this certificate and key (${reason}); use an RSA key of at least 2048 bits (or an EC key) and a SHA-256 signature`);
  }
  // Whatever src/app.ts set on Fastify's own server holds here too.
  server.keepAliveTimeout = app.server.keepAliveTimeout;
  server.requestTimeout = app.server.requestTimeout;
  server.setTimeout(app.server.timeout);
  for (const onClientError of app.server.listeners('clientError')) server.on('clientError', onClientError as (...args: unknown[]) => void);
  app.decorate('httpsServer', server);

  let closed: Promise<void> = Promise.resolve();
  // Stop accepting with the http listener; requests in flight finish (the app's onSend asks the client to hang up).
  app.addHook('preClose', async () => {
    if (!server.listening) return;
    closed = new Promise((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
  });
  // Registered after every plugin, so it runs before their onClose (avvio runs them last-in first-out): the
  // dispatcher drains and the store closes only once no https request is left.
  app.addHook('onClose', async () => {
    await closed;
  });

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        const onError = (err: NodeJS.ErrnoException) => {
          if (err.code === 'EADDRINUSE') reject(new BootError(`HTTPS_PORT=${port}: ${host}:${port} is already in use; choose another HTTPS_PORT (0 picks a free one), or off`));
          else reject(err);
        };
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          const address = server.address() as AddressInfo;
          // An integration URL must not reach this listener either.
          app.ctx.self.addListener(address);
          resolve(address.port);
        });
      }),
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The https listener's server, when the app has one (not under app.inject, nor with HTTPS_PORT=off). */
    httpsServer?: Server;
  }
}
