/**
 * The CLI's configuration, without loading the schemas when nothing needs
 * them. Most runs set at most LOG_LEVEL, SIP_TRIAGE_FORMAT, NO_COLOR or
 * FORCE_COLOR, whose values are read the same way with or without zod
 * (about 90 modules, tens of milliseconds to load); any other CLI variable
 * (KNOWLEDGE_DIR, SIP_MAX_*) or a format it does not know goes through
 * config.ts's loadCliConfig, which checks and words the errors as before.
 */
import { isAbsolute, join } from 'node:path';
import type { Config } from '../config.js';
import { CLI_VARIABLES, LOG_LEVELS } from '../config-names.js';
import { OUTPUT_FORMATS } from '../core/render/output-formats.js';

/** Variables whose every value is taken as it is (or ignored), as loadCliConfig takes it. */
const PLAIN = new Set(['LOG_LEVEL', 'SIP_TRIAGE_FORMAT', 'NO_COLOR', 'FORCE_COLOR']);

/** What loadCliConfig(env) returns, when it can be told without the schemas; undefined otherwise. */
export function plainCliConfig(env: Record<string, string | undefined>): Config | undefined {
  // As loadConfig: an empty value is an unset one.
  const value = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  if (CLI_VARIABLES.some((name) => !PLAIN.has(name) && value(name) !== undefined)) return undefined;
  const format = value('SIP_TRIAGE_FORMAT') ?? 'text';
  const consoleFormat = OUTPUT_FORMATS.find((known) => known === format);
  if (consoleFormat === undefined) return undefined;
  const level = value('LOG_LEVEL');
  const noColor = value('NO_COLOR');
  const forceColor = value('FORCE_COLOR');
  return {
    knowledgeDir: undefined,
    // A LOG_LEVEL the CLI does not know belongs to another tool: ignored (config.ts).
    logLevel: LOG_LEVELS.find((known) => known === level) ?? 'info',
    consoleFormat,
    color:
      noColor !== undefined ? false : forceColor !== undefined ? forceColor !== '0' : undefined,
    sipLimits: {},
  };
}

/** The CLI's configuration; throws ConfigError naming each bad variable. */
export async function cliConfig(
  env: Record<string, string | undefined> = process.env,
): Promise<Config> {
  return plainCliConfig(env) ?? (await import('../config.js')).loadCliConfig(env);
}

/**
 * Where the CLI keeps its note of an installed knowledge folder found
 * unchanged by hashing (core/knowledge/verified-note.ts): the user's cache
 * folder as the XDG base directories name it ($XDG_CACHE_HOME, else
 * ~/.cache), never the package's own folder; none without either.
 */
export function knowledgeNotePath(
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  const home = env.HOME;
  const base = xdg && isAbsolute(xdg) ? xdg : home ? join(home, '.cache') : undefined;
  return base === undefined ? undefined : join(base, 'sip-triage', 'knowledge-verified.json');
}
