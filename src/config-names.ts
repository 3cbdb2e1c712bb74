/**
 * The parts of the configuration that need no schema: the names the CLI
 * reads, the log levels and the error type. Kept apart from config.ts so
 * the CLI can start without loading zod (config.ts re-exports them).
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

/**
 * The variables the CLI reads: never the chat adapters' (a half-configured
 * Slack in .env does not stop `explain`), and only these are taken from a
 * .env in the current directory (load-env.ts).
 */
export const CLI_VARIABLES = [
  'KNOWLEDGE_DIR',
  'LOG_LEVEL',
  'SIP_TRIAGE_FORMAT',
  'SIP_MAX_INPUT_BYTES',
  'SIP_MAX_MESSAGES',
  'SIP_MAX_HEADER_COUNT',
  'SIP_MAX_HEADER_LENGTH',
  'NO_COLOR',
  'FORCE_COLOR',
] as const;

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}
