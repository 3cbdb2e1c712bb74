/**
 * Loads a .env file from the working directory into process.env, silently
 * (dotenv would print a banner on stdout). dotenv is loaded only when there
 * is a .env to read: as a CommonJS package it costs a cold command ~6 ms.
 */
import { existsSync, readFileSync } from 'node:fs';

type Dotenv = typeof import('dotenv');

// node:module too only when needed: it loads part of Node's ES module loader with it.
const dotenv = (): Dotenv =>
  process.getBuiltinModule('node:module').createRequire(import.meta.url)('dotenv') as Dotenv;

/** The bot: every variable in .env (the environment wins over the file). */
export function loadDotenv(): void {
  if (existsSync('.env')) dotenv().config({ quiet: true });
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
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch {
    return;
  }
  const parsed = dotenv().parse(text);
  for (const name of names) {
    const value = parsed[name];
    if (value !== undefined && env[name] === undefined) env[name] = value;
  }
}
