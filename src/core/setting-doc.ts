// How a setting is declared: its zod type (ports, byte counts, whole numbers in a range) and the documentation that
// --help and the README's settings table are written from (core/settings-docs.ts).
import { z } from 'zod';

/**
 * What --help and the README's settings table say about a setting (core/settings-docs.ts writes both from it). Markdown:
 * --help shows it without backticks and links.
 */
export type SettingDoc = {
  /** The value's placeholder in --help: `--port N`. */
  arg: string;
  /** The terse form, for --help; the README's too when there is no `description`. Without the default, which is added. */
  help: string;
  /** The README's longer form. */
  description?: string;
  /** The default in words, for a setting whose default is not a value the schema holds. */
  default?: string;
  /** The default in --help's words, when they differ from the README's (a --help reader runs the CLI). */
  helpDefault?: string;
  /** Described in that setting's README row rather than a row of its own (TLS_KEY with TLS_CERT). */
  readmeRowOf?: string;
};

/** Types the metadata each setting carries. */
export const doc = (d: SettingDoc): SettingDoc => d;

export const port = z.coerce
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

export const bytes = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number of bytes' })
    .int('must be a whole number of bytes')
    .min(min, `must be between ${min} and ${max} bytes`)
    .max(max, `must be between ${min} and ${max} bytes`);

/** A whole number from `min` to `max`, its error naming the range. */
export const count = (min: number, max: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be ${min} to ${max}`)
    .max(max, `must be ${min} to ${max}`);
