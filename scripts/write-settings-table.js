// Rewrites the README's settings table, between its settings markers, from the config schema (run through
// `npm run docs:settings`; test/core/settings-docs.test.ts fails while it is stale).
import { readFileSync, writeFileSync } from 'node:fs';
import { withSettingsTable } from '../dist/core/settings-docs.js';

const readme = new URL('../README.md', import.meta.url);
writeFileSync(readme, withSettingsTable(readFileSync(readme, 'utf8')));
console.log('wrote the settings table of README.md');
