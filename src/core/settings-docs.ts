// The CLI's --help rows and the README's settings table, both written from what the config schema says of each setting.
import { z } from 'zod';
import { configSchema, type SettingDoc } from './config.js';

/** A setting as its documentation shows it. */
interface DocumentedSetting extends SettingDoc {
  key: string;
  /** The schema's default, as typed in an environment variable, for a setting whose doc does not say it in words. */
  value?: string;
  /** The value in words, for a number of bytes: "32 MiB". */
  size?: string;
}

/** The value a setting takes when unset: its schema's `.default()`, under any transform that follows it. */
function defaultValueOf(schema: z.ZodType): unknown {
  if (schema instanceof z.ZodDefault) return schema.def.defaultValue;
  if (schema instanceof z.ZodPipe) return defaultValueOf(schema.in as z.ZodType);
  return undefined;
}

/** 33554432 -> "32 MiB": how the README has always spelled the byte bounds. */
function inWords(bytes: number): string | undefined {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return undefined;
}

/** Every setting, in the schema's order; a setting without its documentation is a bug, refused here (and so in tests). */
function documentedSettings(): DocumentedSetting[] {
  return Object.entries(configSchema.shape).map(([key, schema]) => {
    const doc = (schema as z.ZodType).meta() as SettingDoc | undefined;
    if (!doc?.arg || !doc.help) throw new Error(`config setting ${key} has no documentation: give it .meta(doc({ arg, help }))`);
    if (doc.default !== undefined) return { ...doc, key };
    const value = defaultValueOf(schema as z.ZodType);
    if (value === undefined) throw new Error(`config setting ${key} has no default: say it in words in its doc`);
    return { ...doc, key, value: String(value), size: doc.arg === 'BYTES' && typeof value === 'number' ? inWords(value) : undefined };
  });
}

/** Markdown as --help prints it: code spans and links keep their text only. */
const plain = (markdown: string): string => markdown.replace(/`([^`]*)`/g, '$1').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');

/**
 * Each setting's --help line after its flag, in the schema's order: the placeholder, and the terse text ending with the
 * default, "(default 8080)" for a value and "(default: random)" for words.
 */
export function settingsHelp(): Array<{ key: string; arg: string; text: string }> {
  return documentedSettings().map((s) => {
    const words = s.helpDefault ?? s.default;
    const dflt = words !== undefined ? `default: ${plain(words)}` : `default ${s.value}${s.size ? `, ${s.size}` : ''}`;
    return { key: s.key, arg: s.arg, text: `${plain(s.help)} (${dflt})` };
  });
}

const cell = (markdown: string): string => markdown.replaceAll('|', '\\|');

/** The README's settings table: one row a setting (or a pair described together), in the schema's order. */
export function settingsTable(): string {
  const settings = documentedSettings();
  const rows = settings
    .filter((s) => s.readmeRowOf === undefined)
    .map((s) => {
      const names = [s.key, ...settings.filter((o) => o.readmeRowOf === s.key).map((o) => o.key)];
      const dflt = s.value === undefined ? s.default! : `\`${s.value}\`${s.size ? ` (${s.size})` : ''}`;
      return `| ${names.map((n) => `\`${n}\``).join(', ')} | ${cell(dflt)} | ${cell(s.description ?? s.help)} |`;
    });
  return ['| variable | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

const SETTINGS_START = '<!-- settings:start: written by `npm run docs:settings` from src/core/config.ts; edit there -->';
const SETTINGS_END = '<!-- settings:end -->';

/** The README with the table between its markers as the schema has it now; the markers must be there, once each. */
export function withSettingsTable(readme: string): string {
  const start = readme.indexOf(SETTINGS_START);
  const end = readme.indexOf(SETTINGS_END);
  if (start < 0 || end < start || readme.indexOf(SETTINGS_START, start + 1) >= 0) {
    throw new Error(`README.md needs the lines ${SETTINGS_START} and ${SETTINGS_END}, once each, in that order`);
  }
  return `${readme.slice(0, start + SETTINGS_START.length)}\n${settingsTable()}\n${readme.slice(end)}`;
}
