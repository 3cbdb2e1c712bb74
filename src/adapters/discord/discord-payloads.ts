/**
 * Discord's JSON as this adapter reads it: interactions (from the gateway's
 * INTERACTION_CREATE or the HTTP endpoint, the same payload either way) and
 * channel messages (MESSAGE_CREATE). Everything arrives as untrusted input,
 * so each field is read and checked here, once, into small typed shapes.
 */

export interface DiscordUser {
  id: string;
  /** Display name: the server nickname, else the global name, else the username. */
  name: string;
  bot: boolean;
}

export interface DiscordFile {
  id: string;
  filename: string;
  size?: number;
  url: string;
  contentType?: string;
}

export interface DiscordMessage {
  id: string;
  channelId: string;
  guildId?: string;
  content: string;
  author: DiscordUser;
  attachments: DiscordFile[];
  /** Ids of the users it mentions. */
  mentions: string[];
  /** Set on messages a webhook posted (other integrations' alerts). */
  webhookId?: string;
  /** 0 default, 19 a reply; the rest are system messages. */
  type: number;
}

interface Base {
  id: string;
  token: string;
  applicationId: string;
  channelId: string;
  /** The channel is a thread (public, private or announcement). */
  inThread: boolean;
  guildId?: string;
  user: DiscordUser;
}

export type DiscordInteraction =
  | { kind: 'ping' }
  | (Base & { kind: 'autocomplete'; command: string; focused: string })
  | (Base & {
      kind: 'command';
      command: string;
      /** String options by name. */
      options: Record<string, string>;
      /** Attachment options by name (resolved). */
      files: Record<string, DiscordFile>;
    })
  | (Base & { kind: 'message-command'; command: string; target: DiscordMessage })
  | (Base & {
      kind: 'component';
      customId: string;
      /** A select menu's chosen values. */
      values?: string[];
      message: DiscordMessage & { components: unknown[] };
    })
  | { kind: 'unknown'; type: unknown };

type Json = Record<string, unknown>;

export function obj(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

const THREAD_TYPES = new Set([10, 11, 12]);

function readUser(user: unknown, member?: unknown): DiscordUser | undefined {
  const u = obj(user);
  const id = str(u?.id);
  if (u === undefined || id === undefined) return undefined;
  const nick = str(obj(member)?.nick);
  return {
    id,
    name: nick ?? str(u.global_name) ?? str(u.username) ?? id,
    bot: u.bot === true,
  };
}

export function readFile(value: unknown): DiscordFile | undefined {
  const f = obj(value);
  const id = str(f?.id);
  const url = str(f?.url);
  if (f === undefined || id === undefined || url === undefined) return undefined;
  const size = typeof f.size === 'number' && Number.isFinite(f.size) ? f.size : undefined;
  const contentType = str(f.content_type);
  return {
    id,
    filename: str(f.filename) ?? 'file',
    url,
    ...(size !== undefined ? { size } : {}),
    ...(contentType !== undefined ? { contentType } : {}),
  };
}

/** A message object (MESSAGE_CREATE, a resolved message, a component's message); undefined when it is not one. */
export function readMessage(value: unknown, guildId?: string): DiscordMessage | undefined {
  const m = obj(value);
  const id = str(m?.id);
  const channelId = str(m?.channel_id);
  const author = readUser(m?.author, m?.member);
  if (m === undefined || id === undefined || channelId === undefined || author === undefined)
    return undefined;
  const guild = str(m.guild_id) ?? guildId;
  const webhookId = str(m.webhook_id);
  return {
    id,
    channelId,
    ...(guild !== undefined ? { guildId: guild } : {}),
    content: str(m.content) ?? '',
    author,
    attachments: (Array.isArray(m.attachments) ? m.attachments : [])
      .map(readFile)
      .filter((f): f is DiscordFile => f !== undefined),
    mentions: (Array.isArray(m.mentions) ? m.mentions : [])
      .map((u) => str(obj(u)?.id))
      .filter((u): u is string => u !== undefined),
    ...(webhookId !== undefined ? { webhookId } : {}),
    type: typeof m.type === 'number' ? m.type : 0,
  };
}

/** Reads an interaction payload; `{ kind: 'unknown' }` for types this bot does not handle. */
export function readInteraction(value: unknown): DiscordInteraction {
  const i = obj(value);
  const type = i?.type;
  if (type === 1) return { kind: 'ping' };
  const id = str(i?.id);
  const token = str(i?.token);
  const applicationId = str(i?.application_id);
  const member = obj(i?.member);
  const user = readUser(member?.user ?? i?.user, member);
  const channel = obj(i?.channel);
  const channelId = str(i?.channel_id) ?? str(channel?.id);
  if (
    i === undefined ||
    id === undefined ||
    token === undefined ||
    applicationId === undefined ||
    user === undefined ||
    channelId === undefined
  )
    return { kind: 'unknown', type };
  const guildId = str(i.guild_id);
  const base: Base = {
    id,
    token,
    applicationId,
    channelId,
    inThread: typeof channel?.type === 'number' && THREAD_TYPES.has(channel.type),
    ...(guildId !== undefined ? { guildId } : {}),
    user,
  };
  const data = obj(i.data);
  const command = str(data?.name) ?? '';
  const options = Array.isArray(data?.options) ? data.options.map(obj) : [];
  if (type === 4) {
    const focused = options.find((o) => o?.focused === true);
    return { ...base, kind: 'autocomplete', command, focused: str(focused?.value) ?? '' };
  }
  if (type === 2) {
    const resolved = obj(data?.resolved);
    if (data?.type === 3) {
      const target = readMessage(obj(resolved?.messages)?.[str(data.target_id) ?? ''], guildId);
      return target === undefined
        ? { kind: 'unknown', type }
        : { ...base, kind: 'message-command', command, target };
    }
    const strings: Record<string, string> = {};
    const files: Record<string, DiscordFile> = {};
    for (const option of options) {
      const name = str(option?.name);
      if (name === undefined) continue;
      if (option?.type === 3 && typeof option.value === 'string') strings[name] = option.value;
      if (option?.type === 11 && typeof option.value === 'string') {
        const file = readFile(obj(resolved?.attachments)?.[option.value]);
        if (file !== undefined) files[name] = file;
      }
    }
    return { ...base, kind: 'command', command, options: strings, files };
  }
  if (type === 3) {
    const message = readMessage(i.message, guildId);
    const customId = str(data?.custom_id);
    if (message === undefined || customId === undefined) return { kind: 'unknown', type };
    const values = Array.isArray(data?.values)
      ? data.values.filter((v): v is string => typeof v === 'string')
      : undefined;
    const components = obj(i.message)?.components;
    return {
      ...base,
      kind: 'component',
      customId,
      ...(values !== undefined ? { values } : {}),
      message: { ...message, components: Array.isArray(components) ? components : [] },
    };
  }
  return { kind: 'unknown', type };
}

/** Why a channel message is not for the bot, or undefined when it is. */
export function skipMessage(
  message: DiscordMessage,
  watch: 'all' | 'mention' | 'off',
  botUserId: string | undefined,
): string | undefined {
  if (watch === 'off') return 'DISCORD_WATCH=off';
  if (message.guildId === undefined) return 'not in a server channel';
  if (message.author.bot || message.webhookId !== undefined) return 'from a bot or webhook';
  if (botUserId !== undefined && message.author.id === botUserId) return 'the bot itself';
  if (message.type !== 0 && message.type !== 19) return 'a system message';
  if (watch === 'mention' && (botUserId === undefined || !message.mentions.includes(botUserId)))
    return 'DISCORD_WATCH=mention and the bot is not mentioned';
  return undefined;
}
