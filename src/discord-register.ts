#!/usr/bin/env node
/**
 * `npm run discord:register`: puts the bot's application commands in place
 * (in DISCORD_GUILD_ID when set: instant, for development; globally
 * otherwise: production) and prints what changed. Uses the same
 * configuration as the bot (.env or the environment).
 */
import { REST } from 'discord.js';
import { COMMANDS, commandChanges } from './adapters/discord/discord-commands.js';
import { routes } from './adapters/discord/discord-rest.js';
import { ConfigError, loadConfig } from './config.js';
import { loadDotenv } from './load-env.js';

async function register(): Promise<number> {
  loadDotenv();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const discord = config.discord;
  if (discord === undefined) {
    process.stderr.write(
      'Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (and DISCORD_GUILD_ID for a development server) first.\n',
    );
    return 2;
  }
  const rest = new REST({
    version: '10',
    ...(discord.apiUrl !== undefined ? { api: discord.apiUrl } : {}),
    retries: 1,
  }).setToken(discord.token);
  const route = routes.commands(discord.applicationId, discord.guildId);
  const where =
    discord.guildId !== undefined ? `server ${discord.guildId}` : 'every server (global)';
  try {
    const before = (await rest.get(route)) as unknown[];
    const changes = commandChanges(Array.isArray(before) ? before : [], COMMANDS);
    await rest.put(route, { body: COMMANDS });
    process.stdout.write(`Registered ${COMMANDS.length} commands for ${where}:\n`);
    for (const { name, change } of changes) process.stdout.write(`  ${change.padEnd(9)} ${name}\n`);
    if (discord.guildId === undefined)
      process.stdout.write('Global commands can take a few minutes to show in every server.\n');
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `Discord refused the commands: ${message}\nCheck DISCORD_TOKEN and DISCORD_APPLICATION_ID (and that the bot is in DISCORD_GUILD_ID).\n`,
    );
    return 1;
  }
}

register().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
