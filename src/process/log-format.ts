// How the process writes its logs: pretty (one line per event, local time) on a terminal, JSON lines otherwise.
// pino-pretty is loaded only when asked for, so a JSON start (CI, containers) does not pay for it.
import type { DestinationStream } from 'pino';
import { loadLazily } from '../core/lazy-require.js';

export type LogFormat = 'pretty' | 'json';

/** LOG_FORMAT when set, else pretty exactly when stdout is a terminal. */
export function resolveLogFormat(configured: LogFormat | undefined, isTTY: boolean): LogFormat {
  return configured ?? (isTTY ? 'pretty' : 'json');
}

/**
 * The destination for a format, writing through `out` (stdout-log's writer, which a gone or stalled reader cannot
 * wedge). Pretty uses pino-pretty's synchronous formatter, not its stream, so the lines keep going through `out`.
 */
export async function formatLogs(format: LogFormat, out: DestinationStream, colorize: boolean): Promise<DestinationStream> {
  if (format === 'json') return out;
  // require, not import(): the CLI bundle runs as a vm.Script (see cli-launcher.ts), which has no import().
  const { prettyFactory } = loadLazily<typeof import('pino-pretty')>('pino-pretty');
  const pretty = prettyFactory({ colorize, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  return { write: (line: string) => out.write(pretty(line)) };
}
