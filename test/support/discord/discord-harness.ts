/**
 * The real Discord adapter (the discord.js client on the fake gateway, the
 * HTTP interactions endpoint when asked) against the fake Discord, with the
 * core app in this process, and helpers that act as Discord's clients do:
 * a slash command, a click on one of the bot's stored messages, a signed
 * request to the HTTP endpoint.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  DiscordAdapter,
  type DiscordAdapterOptions,
} from '../../../src/adapters/discord/discord-adapter.js';
import type { DiscordConfig } from '../../../src/config.js';
import { type AppOptions, createApp } from '../../../src/core/app/handle.js';
import { createLogger } from '../../../src/logger.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import {
  APP_ID,
  DISCORD_TOKEN,
  FakeDiscord,
  GUILD_ID,
  type StoredMessage,
} from './fake-discord.js';

export interface DiscordHarness {
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  errors: unknown[];
  logs: string[];
  /** The HTTP endpoint's URL (with `http: true`). */
  endpoint?: string;
  /** Signs a body as Discord does for the HTTP endpoint. */
  signed(body: string, timestamp?: string): Record<string, string>;
  stop(): Promise<void>;
}

export async function startDiscord(
  options: {
    http?: boolean;
    config?: Partial<DiscordConfig>;
    app?: Partial<AppOptions>;
    adapter?: Partial<DiscordAdapterOptions>;
  } = {},
): Promise<DiscordHarness> {
  const fake = await FakeDiscord.start();
  const errors: unknown[] = [];
  const logs: string[] = [];
  const keys = generateKeyPairSync('ed25519');
  const rawKey = keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const config: DiscordConfig = {
    token: DISCORD_TOKEN,
    applicationId: APP_ID,
    apiUrl: fake.apiUrl,
    watch: 'all',
    port: 0,
    ...(options.http === true ? { publicKey: rawKey.toString('hex') } : {}),
    ...options.config,
  };
  const adapter = new DiscordAdapter({
    config,
    app: createApp({ kb: realKnowledge(), onError: (e) => errors.push(e), ...options.app }),
    logger: createLogger('debug', (line) => logs.push(line)),
    retries: 0,
    ...options.adapter,
  });
  await adapter.start();
  const port = (adapter.httpServer?.address() as AddressInfo | undefined)?.port;
  return {
    fake,
    adapter,
    errors,
    logs,
    ...(port !== undefined ? { endpoint: `http://127.0.0.1:${port}/discord/interactions` } : {}),
    signed: (body, timestamp = String(Math.floor(Date.now() / 1000))) =>
      signedHeaders(keys.privateKey, body, timestamp),
    async stop() {
      await adapter.stop();
      await fake.stop();
    },
  };
}

export function signedHeaders(
  key: KeyObject,
  body: string,
  timestamp: string,
): Record<string, string> {
  const signature = sign(null, Buffer.from(timestamp + body), key).toString('hex');
  return {
    'content-type': 'application/json',
    'x-signature-ed25519': signature,
    'x-signature-timestamp': timestamp,
  };
}

/** A `/sip query:<text>` (or another chat command's string options) as Discord sends it. */
export function slashData(name: string, options: Record<string, string>): Record<string, unknown> {
  return {
    id: '300000000000000001',
    name,
    type: 1,
    options: Object.entries(options).map(([option, value]) => ({ name: option, type: 3, value })),
  };
}

/** A click on one of the bot's stored messages, as the clicking person's client sends it. */
export function click(
  fake: FakeDiscord,
  message: StoredMessage,
  customId: string,
  user: { id: string; username: string },
  values?: string[],
): Record<string, unknown> {
  return fake.interaction({
    type: 3,
    // Discord sends the click from the channel the message is in: a thread for the bot's answers.
    channel_id: message.channel_id,
    channel: {
      id: message.channel_id,
      type: fake.threads.has(message.channel_id) ? 11 : 0,
      guild_id: GUILD_ID,
    },
    data: { custom_id: customId, component_type: values ? 3 : 2, ...(values ? { values } : {}) },
    message: fake.messagePayload(message),
    member: {
      user: { ...user, discriminator: '0' },
      roles: [],
      permissions: '0',
      joined_at: new Date(0).toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    },
  });
}

/** All the text of a message's embeds (titles, descriptions, fields, footers). */
export function embedText(message: { embeds?: unknown }): string {
  const embeds = Array.isArray(message.embeds) ? message.embeds : [];
  return embeds
    .map((e) => {
      const embed = e as {
        title?: string;
        description?: string;
        fields?: { name: string; value: string }[];
        footer?: { text: string };
      };
      return [
        embed.title,
        embed.description,
        ...(embed.fields ?? []).flatMap((f) => [f.name, f.value]),
        embed.footer?.text,
      ]
        .filter(Boolean)
        .join('\n');
    })
    .join('\n');
}

/** Every custom_id on a message's components. */
export function customIds(message: { components?: unknown }): string[] {
  const rows = Array.isArray(message.components) ? message.components : [];
  return rows.flatMap((row) =>
    ((row as { components?: { custom_id?: string }[] }).components ?? []).map(
      (c) => c.custom_id ?? '',
    ),
  );
}
