#!/usr/bin/env node
/**
 * `npm run discord:register`: registers the bot's application commands (in
 * DISCORD_GUILD_ID when set, globally otherwise) and prints what changed.
 * Reads the same configuration as the bot (.env or the environment).
 */
import { registerCommands } from './adapters/discord/register-commands.js';
import { configOrExitCode } from './config.js';
import { loadDotenv } from './load-env.js';

async function main(): Promise<number> {
  loadDotenv();
  const config = configOrExitCode();
  if (config === 2) return 2;
  if (config.discord === undefined) {
    process.stderr.write(
      'Set DISCORD_TOKEN and DISCORD_APPLICATION_ID (and DISCORD_GUILD_ID for a development server) first.\n',
    );
    return 2;
  }
  try {
    const { where, changes } = await registerCommands(config.discord);
    process.stdout.write(`Commands for ${where}:\n`);
    for (const { name, change } of changes) process.stdout.write(`  ${change.padEnd(9)} ${name}\n`);
    if (config.discord.guildId === undefined)
      process.stdout.write('Global commands can take a while to show in every server.\n');
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `Discord refused the commands: ${message}\nCheck DISCORD_TOKEN and DISCORD_APPLICATION_ID (and that the bot is in DISCORD_GUILD_ID).\n`,
    );
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
