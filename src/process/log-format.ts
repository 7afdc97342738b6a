// How the process writes its logs: pretty (one short line per event, local time) on a terminal, JSON lines otherwise.
// pino-pretty is loaded only when asked for, so a JSON start (CI, containers) does not pay for it.
import type { DestinationStream } from 'pino';
import type { PrettyOptions } from 'pino-pretty';
import { loadLazily } from '../core/lazy-require.js';
import { REQUEST_COMPLETED } from '../http/request-logging.js';
import { printable } from './terminal-text.js';

export type LogFormat = 'pretty' | 'json';

/** LOG_FORMAT when set, else pretty exactly when stdout is a terminal. */
export function resolveLogFormat(configured: LogFormat | undefined, isTTY: boolean): LogFormat {
  return configured ?? (isTTY ? 'pretty' : 'json');
}

type LogObject = Record<string, unknown>;
/** The fields of a request line (http/request-logging.ts) that its short form says, or that a person does not need. */
const REQUEST_FIELDS = ['reqId', 'req', 'res', 'responseTime'] as const;

/**
 * pino-pretty's messageFormat: a request line as `GET /path?api_key=[redacted] 401 0.9 ms missing_api_token` (the URL
 * is redacted by the logger already), every other line as its message. A request line's own fields are taken off the
 * line here, which pino-pretty hands to messageFormat before it prints the rest of the object: the request id and the
 * rest would double the line's length and say nothing new, while other lines (a route's `store failure`) keep theirs.
 */
const messageFormat = (log: LogObject, messageKey: string): string => {
  const req = log.req as { method?: unknown; url?: unknown } | undefined;
  const res = log.res as { statusCode?: unknown; code?: unknown } | undefined;
  if (log[messageKey] !== REQUEST_COMPLETED || !req || !res || typeof log.responseTime !== 'number') return printable(String(log[messageKey] ?? ''));
  const code = typeof res.code === 'string' ? ` ${res.code}` : '';
  const line = `${String(req.method)} ${String(req.url)} ${String(res.statusCode)} ${log.responseTime.toFixed(1)} ms${code}`;
  for (const key of REQUEST_FIELDS) delete log[key];
  return printable(line);
};

/** What pino-pretty is told: one line per event, the local time to the millisecond, no pid or host name. */
const PRETTY_OPTIONS: PrettyOptions = {
  singleLine: true,
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname',
  messageFormat: messageFormat as PrettyOptions['messageFormat'],
};

/**
 * The destination for a format, writing through `out` (stdout-log's writer, which a gone or stalled reader cannot
 * wedge). Pretty uses pino-pretty's synchronous formatter, not its stream, so the lines keep going through `out`.
 */
export async function formatLogs(format: LogFormat, out: DestinationStream, colorize: boolean): Promise<DestinationStream> {
  if (format === 'json') return out;
  // require, not import(): the CLI bundle runs as a vm.Script (see cli-launcher.ts), which has no import().
  const { prettyFactory } = loadLazily<typeof import('pino-pretty')>('pino-pretty');
  const pretty = prettyFactory({ ...PRETTY_OPTIONS, colorize });
  return { write: (line: string) => out.write(pretty(line)) };
}
