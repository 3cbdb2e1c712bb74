/**
 * Configuration from the environment (and a .env file via dotenv), validated
 * once at start-up. An invalid value stops the program with a message naming
 * the variable and what it accepts.
 */
import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';
import type { SipLimits } from './core/sip/types.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;

import { OUTPUT_FORMATS, type OutputFormat } from './core/render/render-as.js';

export { OUTPUT_FORMATS, type OutputFormat };

const positiveInt = z.coerce
  .number({ message: 'must be a whole number' })
  .int('must be a whole number')
  .positive('must be greater than 0');

const envSchema = z.object({
  KNOWLEDGE_DIR: z
    .string()
    .trim()
    .min(1)
    .refine(
      (dir) => existsSync(dir) && statSync(dir).isDirectory(),
      'must be an existing directory',
    )
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  SIP_TRIAGE_FORMAT: z.enum(OUTPUT_FORMATS).default('text'),
  SIP_MAX_INPUT_BYTES: positiveInt.optional(),
  SIP_MAX_MESSAGES: positiveInt.optional(),
  SIP_MAX_HEADER_COUNT: positiveInt.optional(),
  SIP_MAX_HEADER_LENGTH: positiveInt.optional(),
  NO_COLOR: z.string().optional(),
  FORCE_COLOR: z.string().optional(),
});

export interface Config {
  knowledgeDir?: string;
  logLevel: (typeof LOG_LEVELS)[number];
  consoleFormat: OutputFormat;
  /** undefined: decide by whether the output is a terminal. */
  color?: boolean;
  /** Limits for parsing pastes and captures; unset ones keep the parser's defaults. */
  sipLimits: Partial<SipLimits>;
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

/** Validates an environment (process.env by default); throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blankToUndefined = Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === '' ? undefined : value]),
  );
  const result = envSchema.safeParse(blankToUndefined);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      return `  ${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(
      `Invalid configuration; fix these environment variables (or .env):\n${lines.join('\n')}`,
    );
  }
  const e = result.data;
  let color: boolean | undefined;
  if (e.NO_COLOR !== undefined) color = false;
  else if (e.FORCE_COLOR !== undefined) color = e.FORCE_COLOR !== '0';
  return {
    knowledgeDir: e.KNOWLEDGE_DIR,
    logLevel: e.LOG_LEVEL,
    consoleFormat: e.SIP_TRIAGE_FORMAT,
    color,
    sipLimits: Object.fromEntries(
      Object.entries({
        maxInputBytes: e.SIP_MAX_INPUT_BYTES,
        maxMessages: e.SIP_MAX_MESSAGES,
        maxHeaderCount: e.SIP_MAX_HEADER_COUNT,
        maxHeaderLength: e.SIP_MAX_HEADER_LENGTH,
      }).filter(([, value]) => value !== undefined),
    ),
  };
}
