/**
 * The part of @discordjs/rest this adapter uses, as a small interface: the
 * client's own REST (`client.rest`, which queues per rate-limit bucket and
 * waits out a 429's Retry-After) satisfies it, and the outbox and the HTTP
 * endpoint need nothing else. Routes are written out here, a handful of them.
 */

export interface RestFile {
  name: string;
  data: Uint8Array | string;
  contentType?: string;
}

export interface RestRequest {
  body?: unknown;
  files?: RestFile[];
  query?: URLSearchParams;
  /** false for interaction callbacks and webhooks: their token is in the path. */
  auth?: boolean;
}

export interface DiscordRest {
  get(route: `/${string}`, request?: RestRequest): Promise<unknown>;
  post(route: `/${string}`, request?: RestRequest): Promise<unknown>;
  patch(route: `/${string}`, request?: RestRequest): Promise<unknown>;
  put(route: `/${string}`, request?: RestRequest): Promise<unknown>;
}

export const routes = {
  callback: (id: string, token: string) => `/interactions/${id}/${token}/callback` as const,
  original: (app: string, token: string) => `/webhooks/${app}/${token}/messages/@original` as const,
  followUp: (app: string, token: string) => `/webhooks/${app}/${token}` as const,
  webhookMessage: (app: string, token: string, message: string) =>
    `/webhooks/${app}/${token}/messages/${message}` as const,
  messages: (channel: string) => `/channels/${channel}/messages` as const,
  message: (channel: string, message: string) =>
    `/channels/${channel}/messages/${message}` as const,
  threadFrom: (channel: string, message: string) =>
    `/channels/${channel}/messages/${message}/threads` as const,
  commands: (app: string, guild?: string) =>
    guild === undefined
      ? (`/applications/${app}/commands` as const)
      : (`/applications/${app}/guilds/${guild}/commands` as const),
};

/** Discord's JSON error code (160004, 50001...) of a failed REST call, when it gave one. */
export function discordErrorCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

/**
 * What to do about the Discord errors that trying again will not mend, in
 * words a server admin can act on; undefined for the rest.
 */
export function discordErrorHint(code: number | undefined): string | undefined {
  switch (code) {
    case 50001:
      return 'the bot cannot see this channel or thread: give its role View Channel here';
    case 50013:
      return 'the bot lacks a permission here: give its role Send Messages, Send Messages in Threads, Create Public Threads, Embed Links and Attach Files (README, Discord, step 3)';
    case 40005:
      return "the answer's file is over this server's upload limit";
    case 10003:
    case 10008:
      return 'the channel or message is gone';
    default:
      return undefined;
  }
}

/** The HTTP status of a failed REST call, when there was one. */
export function discordErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

/** Interaction callback types (discord-api-docs, Interaction Response Type). */
export const Callback = {
  pong: 1,
  message: 4,
  deferredMessage: 5,
  deferredUpdate: 6,
  update: 7,
  autocomplete: 8,
} as const;

/** Message flags this adapter sets. */
export const EPHEMERAL = 1 << 6;
