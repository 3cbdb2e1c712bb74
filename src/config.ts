/**
 * Configuration from the environment (and a .env file via dotenv), validated
 * once at start-up. An invalid value stops the program with a message naming
 * the variable and what it accepts.
 */
import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';
import { CLI_VARIABLES, ConfigError, LOG_LEVELS } from './config-names.js';
import { PICTURES, type Picture } from './core/app/policy.js';
import { OUTPUT_FORMATS, type OutputFormat } from './core/render/output-formats.js';
import type { SipLimits } from './core/sip/types.js';

export { CLI_VARIABLES, ConfigError, LOG_LEVELS, OUTPUT_FORMATS, type OutputFormat };

export const WATCH_MODES = ['all', 'mention', 'off'] as const;

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be an http(s) URL, e.g. https://slack.com/api/ or https://discord.com/api')
  .transform((value) => (value.endsWith('/') ? value : `${value}/`));

const positiveInt = z.coerce
  .number({ message: 'must be a whole number' })
  .int('must be a whole number')
  .positive('must be greater than 0');

/**
 * SIP_PICTURES: the files a chat diagnosis comes with, a comma-separated
 * subset of png, svg, html; "off" or an empty value for none.
 */
const pictures = z.string().transform((value, ctx): Picture[] => {
  const names = value
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (names.length === 0 || (names.length === 1 && names[0] === 'off')) return [];
  const wrong = names.filter((name) => !(PICTURES as readonly string[]).includes(name));
  if (wrong.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `must be "off" or a comma-separated list of ${PICTURES.join(', ')} (e.g. png,html), not ${wrong.map((w) => `"${w}"`).join(', ')}${wrong.includes('off') ? ' ("off" stands alone)' : ''}`,
    });
    return z.NEVER;
  }
  return [...new Set(names as Picture[])];
});

/** A Discord id: a number of up to 20 digits. */
const snowflake = z
  .string()
  .trim()
  .regex(/^\d{1,20}$/, 'must be a Discord id (digits only)');

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
  SIP_WORKERS: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be 0 (answer on the main thread) or more')
    .max(32, 'must be at most 32')
    .optional(),
  SIP_PICTURES: pictures.optional(),
  NO_COLOR: z.string().optional(),
  FORCE_COLOR: z.string().optional(),
  SLACK_BOT_TOKEN: z
    .string()
    .trim()
    .startsWith('xoxb-', 'must be a bot token (xoxb-...)')
    .optional(),
  SLACK_APP_TOKEN: z
    .string()
    .trim()
    .startsWith('xapp-', 'must be an app-level token (xapp-...)')
    .optional(),
  SLACK_SIGNING_SECRET: z.string().trim().min(1).optional(),
  SLACK_API_URL: httpUrl.optional(),
  SLACK_RESPONSE: z.enum(['in_channel', 'ephemeral']).default('in_channel'),
  SLACK_WATCH: z.enum(WATCH_MODES).default('all'),
  PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a port number')
    .min(0, 'must be a port number (0-65535)')
    .max(65535, 'must be a port number (0-65535)')
    .default(3000),
  DISCORD_TOKEN: z.string().trim().min(1).optional(),
  DISCORD_APPLICATION_ID: snowflake.optional(),
  DISCORD_PUBLIC_KEY: z
    .string()
    .trim()
    .regex(/^[0-9a-f]{64}$/i, "must be the application's public key: 64 hex characters")
    .optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_API_URL: httpUrl.optional(),
  DISCORD_WATCH: z.enum(WATCH_MODES).default('all'),
  DISCORD_SHARDS: z
    .string()
    .trim()
    .regex(/^(auto|[1-9]\d{0,3})$/, 'must be "auto" or a number of shards (1-9999)')
    .optional(),
  DISCORD_PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a port number')
    .min(0, 'must be a port number (0-65535)')
    .max(65535, 'must be a port number (0-65535)')
    .default(3001),
});

/** Slack is configured when a bot token is set; a half-configured Slack is an error, not a silent console. */
function checkSlack(e: z.infer<typeof envSchema>, ctx: z.RefinementCtx): void {
  const any = e.SLACK_BOT_TOKEN ?? e.SLACK_APP_TOKEN ?? e.SLACK_SIGNING_SECRET;
  if (any === undefined) return;
  if (e.SLACK_BOT_TOKEN === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['SLACK_BOT_TOKEN'],
      message: 'is needed (xoxb-...) when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set',
    });
  else if (e.SLACK_APP_TOKEN === undefined && e.SLACK_SIGNING_SECRET === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['SLACK_APP_TOKEN'],
      message:
        'or SLACK_SIGNING_SECRET is needed with SLACK_BOT_TOKEN: the app token for Socket Mode, the signing secret for HTTP (/slack/events)',
    });
}

/** Discord is configured when its token is set; the application id comes with it. */
function checkDiscord(e: z.infer<typeof envSchema>, ctx: z.RefinementCtx): void {
  const any =
    e.DISCORD_TOKEN ?? e.DISCORD_APPLICATION_ID ?? e.DISCORD_PUBLIC_KEY ?? e.DISCORD_GUILD_ID;
  if (any === undefined) return;
  if (e.DISCORD_TOKEN === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['DISCORD_TOKEN'],
      message: 'is needed when other DISCORD_ variables are set (the bot token, Bot tab)',
    });
  if (e.DISCORD_APPLICATION_ID === undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['DISCORD_APPLICATION_ID'],
      message: 'is needed with DISCORD_TOKEN (General Information tab, "Application ID")',
    });
}

export interface Config {
  knowledgeDir?: string;
  logLevel: (typeof LOG_LEVELS)[number];
  consoleFormat: OutputFormat;
  /** undefined: decide by whether the output is a terminal. */
  color?: boolean;
  /** Limits for parsing pastes and captures; unset ones keep the parser's defaults. */
  sipLimits: Partial<SipLimits>;
  /** Worker threads that work out chat answers; 0 answers on the main thread; undefined = the default. */
  workers?: number;
  /** The files a chat diagnosis comes with (SIP_PICTURES); undefined = the core's chat default (png, html). */
  pictures?: readonly Picture[];
  /** Present when Slack is configured (SLACK_BOT_TOKEN and an app token or signing secret). */
  slack?: SlackConfig;
  /** Present when Discord is configured (DISCORD_TOKEN and DISCORD_APPLICATION_ID). */
  discord?: DiscordConfig;
}

export interface DiscordConfig {
  token: string;
  applicationId: string;
  /** Serves the HTTP interactions endpoint (on `port`) when set: hex Ed25519 key. */
  publicKey?: string;
  /** Commands are registered in this guild (instant; for development) instead of globally. */
  guildId?: string;
  /** REST base without a trailing slash ("https://discord.com/api"); undefined = Discord's own. */
  apiUrl?: string;
  /** Which channel messages are diagnosed without a command. */
  watch: (typeof WATCH_MODES)[number];
  /** Run under discord.js's ShardingManager: a count, or "auto" (Discord's recommendation). */
  shards?: number | 'auto';
  /** The HTTP interactions endpoint's port (with publicKey). */
  port: number;
}

export interface SlackConfig {
  botToken: string;
  /** Socket Mode when set; HTTP otherwise. */
  appToken?: string;
  signingSecret?: string;
  /** Web API base URL ending in "/"; undefined = Slack's own. */
  apiUrl?: string;
  /** Who sees the answer to a slash command (help is always ephemeral). */
  response: 'in_channel' | 'ephemeral';
  /** Which channel messages are diagnosed without a command. */
  watch: (typeof WATCH_MODES)[number];
  /** HTTP mode's port. */
  port: number;
}

const SECRET_NAME = /TOKEN|SECRET|KEY/;

/**
 * The CLI's configuration: only CLI_VARIABLES are read. LOG_LEVEL is a name
 * many tools share and the CLI only logs in its console, so a value it does
 * not know (another project's `trace`) is ignored rather than an error; its
 * own variables (KNOWLEDGE_DIR, SIP_*) are still checked (exit 2 when wrong).
 */
export function loadCliConfig(env: Record<string, string | undefined> = process.env): Config {
  const own: Record<string, string | undefined> = Object.fromEntries(
    CLI_VARIABLES.map((name) => [name, env[name]]),
  );
  if (!(LOG_LEVELS as readonly string[]).includes(own.LOG_LEVEL ?? '')) own.LOG_LEVEL = undefined;
  return loadConfig(own);
}

/**
 * The configuration of a program that stops on a bad one: an invalid
 * environment is told on stderr, naming each variable, and gives exit code 2.
 */
export function configOrExitCode(
  env: Record<string, string | undefined> = process.env,
): Config | 2 {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
}

/** Validates an environment (process.env by default); throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty SIP_PICTURES means none, not the default: it is the one variable where blank says something.
  const blankToUndefined = Object.fromEntries(
    Object.entries(env).map(([key, value]) => [
      key,
      value === '' && key !== 'SIP_PICTURES' ? undefined : value,
    ]),
  );
  const result = envSchema
    .superRefine(checkSlack)
    .superRefine(checkDiscord)
    .safeParse(blankToUndefined);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      // A token or secret is never echoed, even a wrong one: it may be half right.
      const value = SECRET_NAME.test(name)
        ? env[name]
          ? '(hidden)'
          : '(not set)'
        : JSON.stringify(env[name] ?? '');
      return `  ${name}=${value}: ${issue.message}`;
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
    ...(e.SIP_WORKERS !== undefined ? { workers: e.SIP_WORKERS } : {}),
    ...(e.SIP_PICTURES !== undefined ? { pictures: e.SIP_PICTURES } : {}),
    ...(e.SLACK_BOT_TOKEN !== undefined
      ? {
          slack: {
            botToken: e.SLACK_BOT_TOKEN,
            ...(e.SLACK_APP_TOKEN !== undefined ? { appToken: e.SLACK_APP_TOKEN } : {}),
            ...(e.SLACK_SIGNING_SECRET !== undefined
              ? { signingSecret: e.SLACK_SIGNING_SECRET }
              : {}),
            ...(e.SLACK_API_URL !== undefined ? { apiUrl: e.SLACK_API_URL } : {}),
            response: e.SLACK_RESPONSE,
            watch: e.SLACK_WATCH,
            port: e.PORT,
          },
        }
      : {}),
    ...(e.DISCORD_TOKEN !== undefined && e.DISCORD_APPLICATION_ID !== undefined
      ? {
          discord: {
            token: e.DISCORD_TOKEN,
            applicationId: e.DISCORD_APPLICATION_ID,
            ...(e.DISCORD_PUBLIC_KEY !== undefined
              ? { publicKey: e.DISCORD_PUBLIC_KEY.toLowerCase() }
              : {}),
            ...(e.DISCORD_GUILD_ID !== undefined ? { guildId: e.DISCORD_GUILD_ID } : {}),
            ...(e.DISCORD_API_URL !== undefined
              ? { apiUrl: e.DISCORD_API_URL.replace(/\/+$/, '') }
              : {}),
            watch: e.DISCORD_WATCH,
            ...(e.DISCORD_SHARDS !== undefined
              ? { shards: e.DISCORD_SHARDS === 'auto' ? 'auto' : Number(e.DISCORD_SHARDS) }
              : {}),
            port: e.DISCORD_PORT,
          } satisfies DiscordConfig,
        }
      : {}),
  };
}
