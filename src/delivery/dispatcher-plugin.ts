// Starts the webhook dispatcher when the app is ready and stops it (draining attempts in flight) when it closes.
import fp from 'fastify-plugin';

export const dispatcherPlugin = fp(
  async (app) => {
    const { dispatcher, random, config, clock, transports, relay } = app.ctx;
    app.addHook('onReady', async () => {
      // Logged so an unseeded run can be reproduced with MOCK_SEED.
      app.log.info({ seed: random.seed, fromMockSeed: config.MOCK_SEED !== undefined, clock: clock.mode }, 'integration dispatcher ready');
      dispatcher.start();
    });
    // Long-polls (wait=settled) would otherwise hold the server's close until their timeout.
    app.addHook('preClose', async () => {
      dispatcher.beginStop();
    });
    // onClose hooks run last-registered first, so this one finishes before the database closes.
    app.addHook('onClose', async () => {
      await dispatcher.stop();
      await transports.webhooks.close();
      relay.close();
    });
  },
  { name: 'dispatcher' },
);
