/** Structured logs as JSON lines on stderr, so stdout stays the conversation. */
import type { LOG_LEVELS } from './config.js';

type Level = (typeof LOG_LEVELS)[number];
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  /** Lines below this level are dropped (so callers can skip building them). */
  readonly level: Level;
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export function createLogger(
  level: Level,
  write: (line: string) => void = (l) => process.stderr.write(l),
): Logger {
  const log =
    (at: Exclude<Level, 'silent'>) =>
    (message: string, context: Record<string, unknown> = {}): void => {
      if (ORDER[at] < ORDER[level]) return;
      write(
        `${JSON.stringify({ time: new Date().toISOString(), level: at, message, ...context })}\n`,
      );
    };
  return { level, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** Whether `logger` writes lines of level `at`. */
export function logs(logger: Logger, at: Exclude<Level, 'silent'>): boolean {
  return ORDER[at] >= ORDER[logger.level];
}

export function errorContext(error: unknown): Record<string, unknown> {
  return error instanceof Error
    ? { error: error.message, stack: error.stack }
    : { error: String(error) };
}
