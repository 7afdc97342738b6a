#!/usr/bin/env node
// The `snapengage-mock` command: reads the environment and runs the server until signalled.
import { ConfigError, loadConfig } from './config.js';
import { runUntilSignalled } from './server.js';

try {
  await runUntilSignalled(loadConfig());
} catch (err) {
  process.stderr.write(`snapengage-mock: ${err instanceof ConfigError ? err.message : (err as Error).stack ?? String(err)}\n`);
  process.exit(1);
}
