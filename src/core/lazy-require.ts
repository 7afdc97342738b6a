// Loads a CommonJS package on first use instead of at start-up: every CI job pays for start-up, few need SMTP or a
// webhook delivered in their first second.
import { createRequire } from 'node:module';

export const loadLazily = createRequire(import.meta.url) as <T>(id: string) => T;
