/**
 * Configuration from the environment (and a .env file via dotenv), validated
 * once at start-up. An invalid value stops the program with a message naming
 * the variable and what it accepts.
 */
import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export const OUTPUT_FORMATS = ['text', 'markdown', 'json', 'slack', 'discord'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

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
  NO_COLOR: z.string().optional(),
  FORCE_COLOR: z.string().optional(),
});

export interface Config {
  knowledgeDir?: string;
  logLevel: (typeof LOG_LEVELS)[number];
  consoleFormat: OutputFormat;
  /** undefined: decide by whether the output is a terminal. */
  color?: boolean;
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
  };
}
