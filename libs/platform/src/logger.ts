import { pino } from 'pino';
import type { Logger } from 'pino';

export type { Logger };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface LoggerOptions {
  readonly service: string;
  readonly level: LogLevel;
  /** Where lines go; stdout by default. Tests pass a stream to assert on log lines. */
  readonly destination?: NodeJS.WritableStream;
}

/**
 * A structured JSON logger. Credentials are redacted wherever they appear in a logged object;
 * callers log counts, ids and reasons, never payloads.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['*.authorization', '*.Authorization', '*.password', '*.token', 'headers.authorization', 'config.elasticsearch.password'],
        censor: '[redacted]',
      },
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
