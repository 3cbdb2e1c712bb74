/** Loads a .env file from the working directory into process.env, silently (dotenv would print a banner on stdout). */
import { readFileSync } from 'node:fs';
import { config, parse } from 'dotenv';

/** The bot: every variable in .env (the environment wins over the file). */
export function loadDotenv(): void {
  config({ quiet: true });
}

/**
 * The CLI: only the named variables from .env (the environment wins), so
 * another project's .env in the current directory cannot change or break it.
 * A missing or unreadable .env is no error.
 */
export function loadDotenvOnly(
  names: readonly string[],
  path = '.env',
  env: Record<string, string | undefined> = process.env,
): void {
  let parsed: Record<string, string>;
  try {
    parsed = parse(readFileSync(path));
  } catch {
    return;
  }
  for (const name of names) {
    const value = parsed[name];
    if (value !== undefined && env[name] === undefined) env[name] = value;
  }
}
