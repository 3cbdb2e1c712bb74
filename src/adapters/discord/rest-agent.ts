/**
 * The HTTP agent for discord.js's REST clients, made from the same undici
 * that @discordjs/rest sends with. Without one, @discordjs/rest uses
 * undici's process-wide dispatcher, which another undici in the process
 * (Slack's Socket Mode client brings undici 7, discord.js uses 6) may have
 * created first: that one cannot send the multipart bodies of file uploads
 * ("action is not a function"). Whether uploads worked then hung on which
 * SDK loaded first; the test runner's order broke every message with a file.
 */
import { createRequire } from 'node:module';

interface UndiciAgent {
  close(): Promise<void>;
}

export function discordRestAgent(): UndiciAgent {
  const discord = createRequire(import.meta.url).resolve('discord.js');
  const rest = createRequire(discord).resolve('@discordjs/rest');
  const undici = createRequire(rest)('undici') as {
    Agent: new (options: Record<string, unknown>) => UndiciAgent;
  };
  return new undici.Agent({ keepAliveTimeout: 4_000 });
}
