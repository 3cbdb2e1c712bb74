/**
 * Puts the bot's application commands in place: in one server (instant,
 * for development) when a guild id is given, globally otherwise, and says
 * what changed. `npm run discord:register` (src/discord-register.ts) runs it.
 */
import type { DiscordConfig } from '../../config.js';
import { COMMANDS, type CommandChange, commandChanges } from './discord-commands.js';
import { routes } from './discord-rest.js';

export interface Registered {
  where: string;
  changes: CommandChange[];
}

export async function registerCommands(config: DiscordConfig): Promise<Registered> {
  const { REST } = await import('discord.js');
  const rest = new REST({
    version: '10',
    ...(config.apiUrl !== undefined ? { api: config.apiUrl } : {}),
    retries: 1,
  }).setToken(config.token);
  const route = routes.commands(config.applicationId, config.guildId);
  const before = await rest.get(route);
  const changes = commandChanges(Array.isArray(before) ? before : [], COMMANDS);
  await rest.put(route, { body: COMMANDS });
  return {
    where: config.guildId !== undefined ? `server ${config.guildId}` : 'every server (global)',
    changes,
  };
}
