/**
 * A local Discord for the adapter's tests: the REST routes the bot calls
 * (recorded, with a small message store so edits, fetches, follow-ups and
 * threads behave, and Discord's own answers for the usual mistakes), a CDN
 * for attachments, and the gateway (HELLO, IDENTIFY -> READY + GUILD_CREATE,
 * heartbeats, RESUME, dispatches) on the same port, so the real discord.js
 * Client and @discordjs/rest talk to it unchanged. Listens on 127.0.0.1 only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { waitFor } from '../wait-for.js';

export const DISCORD_TOKEN = 'discord-test-token';
export const APP_ID = '100000000000000001';
export const BOT_USER_ID = '100000000000000002';
export const GUILD_ID = '100000000000000003';
/** A text channel (type 0) in the guild, sent in GUILD_CREATE. */
export const CHANNEL_ID = '100000000000000004';
/** The person `interaction()` and `userMessage()` use unless told otherwise. */
export const ALICE = { id: '200000000000000001', username: 'alice', global_name: 'Alice' };
export const BOB = { id: '200000000000000002', username: 'bob' };

/** What the bot may do in the guild: view, send, embed, attach, history, threads, commands. */
export const BOT_PERMISSIONS = String(
  [10n, 11n, 14n, 15n, 16n, 31n, 35n, 38n].reduce((all, bit) => all | (1n << bit), 0n),
);

const EPOCH = 1_420_070_400_000n;
const MAX_UPLOAD = 10 * 1024 * 1024;

type Json = Record<string, unknown>;

export interface RestFile {
  field: string;
  name: string;
  contentType: string;
  data: Buffer;
}

export interface RestCall {
  method: string;
  /** Decoded, without the '/api/v10' prefix, e.g. '/interactions/123/tok/callback'. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** Parsed JSON; for multipart: the parsed payload_json. */
  body: unknown;
  /** Multipart files, else []. */
  files: RestFile[];
  /** performance.timeOrigin + performance.now() */
  at: number;
}

export interface StoredAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  content_type?: string;
  /** Alt text, as `attachments[n].description` gave it. */
  description?: string;
}

export interface StoredMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: unknown[];
  components: unknown[];
  attachments: StoredAttachment[];
  author: { id: string; username: string; bot?: boolean };
  /** PATCHes of this message after it was stored. */
  edits: number;
  /** 64 ephemeral, 32 has thread, ... */
  flags: number;
  /** 0 default, 19 reply, 20 slash command response. */
  type: number;
  timestamp: string;
  edited_timestamp: string | null;
  message_reference?: { message_id?: string; channel_id?: string; guild_id?: string };
  /** Set on interaction responses and follow-ups: the interaction they answer. */
  interaction_id?: string;
}

export interface Identify {
  shard: [number, number] | undefined;
  intents: number;
  token: string;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Failure {
  method: string;
  path: RegExp;
  reply: Reply;
  times: number;
}

interface Session {
  id: string;
  shard: [number, number];
  seq: number;
  socket: WebSocket | undefined;
}

interface InteractionState {
  payload: Json;
  acknowledged: boolean;
  /** The message `@original` means: the reply, the deferred reply's id, or the clicked message. */
  originalId: string | undefined;
  flags: number;
}

type Route = [method: string, path: RegExp, handle: (call: RestCall, ids: string[]) => Reply];

export class FakeDiscord {
  readonly calls: RestCall[] = [];
  private readonly listeners = new Set<(call: RestCall) => void>();
  readonly identifies: Identify[] = [];
  readonly resumes: { shard: number; session_id: string; seq: number }[] = [];
  /** Every message the bot created via REST (and every `userMessage`), by id. */
  readonly messages = new Map<string, StoredMessage>();
  /** Threads created via REST, by id. */
  readonly threads = new Map<string, Json>();
  /** Registered commands: key 'global' or a guild id. */
  readonly commands = new Map<string, Json[]>();
  /** CDN paths fetched, in order. */
  readonly downloads: string[] = [];
  heartbeats = 0;
  private readonly shards: number;
  private readonly heartbeatMs: number;
  private readonly maxConcurrency: number;
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private readonly failures: Failure[] = [];
  private readonly files = new Map<string, { data: Buffer; contentType: string }>();
  private readonly sessions = new Map<string, Session>();
  private readonly shardSessions = new Map<number, Session>();
  private readonly ready = new Set<number>();
  private readonly interactions = new Map<string, InteractionState>();
  private readonly byToken = new Map<string, InteractionState>();
  private lastSnowflake = 0n;

  private constructor(options: { shards?: number; heartbeatMs?: number; maxConcurrency?: number }) {
    this.shards = options.shards ?? 1;
    this.heartbeatMs = options.heartbeatMs ?? 41_250;
    this.maxConcurrency = options.maxConcurrency ?? 1;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  /**
   * `maxConcurrency` is session_start_limit.max_concurrency (default 1, as for
   * a small bot): @discordjs/ws then waits 5-6.5 s between two shards'
   * identifies, so give it the shard count when a test starts several shards.
   */
  static async start(
    options: { shards?: number; heartbeatMs?: number; maxConcurrency?: number } = {},
  ): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get base(): string {
    const address = this.server.address() as AddressInfo | null;
    if (address === null) throw new Error('the fake Discord is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  /** What the client gets as `rest.api`. */
  get apiUrl(): string {
    return `${this.base}/api`;
  }

  get gatewayUrl(): string {
    return this.base.replace('http', 'ws');
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  /** How many shards got READY (and GUILD_CREATE). */
  readyShards(): number {
    return this.ready.size;
  }

  /** Resolves when `count` shards (default: all) identified and got READY + GUILD_CREATE. */
  async waitForReady(count = this.shards, timeoutMs = 5_000): Promise<void> {
    await waitFor(() => this.ready.size >= count || undefined, timeoutMs, `${count} ready shards`);
  }

  /** The shard that gets the guild's events, for `shardCount` shards (default: what the client identified with). */
  guildShard(shardCount = this.connectedShardCount()): number {
    return Number((BigInt(GUILD_ID) >> 22n) % BigInt(shardCount));
  }

  /** Sends a dispatch (op 0) with the next `s` to that shard's socket; throws if it is not connected. */
  dispatch(event: string, data: unknown, shard = 0): void {
    const session = this.shardSessions.get(shard);
    if (session?.socket?.readyState !== WebSocket.OPEN)
      throw new Error(`shard ${shard} is not connected to the fake Discord`);
    session.seq++;
    session.socket.send(JSON.stringify({ op: 0, t: event, s: session.seq, d: data }));
  }

  /** Closes that shard's socket with `code` (4000: the client resumes; 1000: it identifies again). */
  disconnect(shard = 0, code = 4000): void {
    const session = this.shardSessions.get(shard);
    if (session?.socket === undefined) throw new Error(`shard ${shard} is not connected`);
    session.socket.close(code, 'fake Discord disconnect');
    session.socket = undefined;
  }

  /** Builds and dispatches an INTERACTION_CREATE; returns the interaction payload sent (id, token generated). */
  interaction(partial: Json): Json {
    const payload = this.buildInteraction(partial);
    this.dispatch('INTERACTION_CREATE', payload, this.guildShard());
    return payload;
  }

  /**
   * The interaction `interaction()` sends, without sending it: for Discord's
   * HTTP delivery, where the test POSTs it (signed) to the bot's endpoint. The
   * fake knows its token, so the bot's follow-ups and edits work; report the
   * bot's HTTP answer with `answeredOverHttp`.
   */
  buildInteraction(partial: Json): Json {
    const payload: Json = {
      id: this.snowflake(),
      application_id: APP_ID,
      token: `aW50ZXJhY3Rpb246${randomBytes(24).toString('base64url')}`,
      version: 1,
      guild_id: GUILD_ID,
      channel_id: CHANNEL_ID,
      channel: { ...this.channel(), permissions: BOT_PERMISSIONS },
      member: {
        user: { ...ALICE, discriminator: '0', avatar: null },
        roles: [],
        permissions: '0',
        joined_at: '2024-01-01T00:00:00.000Z',
        deaf: false,
        mute: false,
        flags: 0,
        nick: null,
        avatar: null,
        premium_since: null,
        pending: false,
      },
      app_permissions: '0',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: {},
      context: 0,
      attachment_size_limit: MAX_UPLOAD,
      ...partial,
    };
    // A component interaction's message: a stored message fills in what the partial leaves out.
    const message = partial.message;
    if (isRecord(message) && typeof message.id === 'string') {
      const stored = this.messages.get(message.id);
      if (stored !== undefined) payload.message = { ...this.messagePayload(stored), ...message };
    }
    const state: InteractionState = {
      payload,
      acknowledged: false,
      originalId: undefined,
      flags: 0,
    };
    this.interactions.set(String(payload.id), state);
    this.byToken.set(String(payload.token), state);
    return payload;
  }

  /** The bot answered an interaction in its HTTP response: the fake applies it as it would a callback. */
  answeredOverHttp(interactionId: string, response: unknown, files: RestFile[] = []): void {
    const state = this.interactions.get(interactionId);
    if (state === undefined) throw new Error(`unknown interaction ${interactionId}`);
    const result = this.acknowledge(state, isRecord(response) ? response : {}, files);
    if ('status' in result)
      throw new Error(`Discord would refuse this response: ${JSON.stringify(result.body)}`);
  }

  /** Builds and dispatches a MESSAGE_CREATE in CHANNEL_ID from a (non-bot) user; returns the message payload. The message is also stored so GET returns it. */
  userMessage(partial: {
    content?: string;
    attachments?: { filename: string; data: Buffer; content_type?: string }[];
    author?: { id: string; username: string; bot?: boolean };
    id?: string;
    /** Another channel, e.g. a thread the bot started (default CHANNEL_ID). */
    channel_id?: string;
  }): Json {
    const channelId = partial.channel_id ?? CHANNEL_ID;
    const stored: StoredMessage = {
      id: partial.id ?? this.snowflake(),
      channel_id: channelId,
      content: partial.content ?? '',
      embeds: [],
      components: [],
      attachments: (partial.attachments ?? []).map((a) =>
        this.attach(a.filename, a.data, a.content_type, channelId),
      ),
      author: partial.author ?? BOB,
      edits: 0,
      flags: 0,
      type: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
    };
    this.messages.set(stored.id, stored);
    const payload: Json = {
      ...this.messagePayload(stored),
      member: {
        roles: [],
        joined_at: '2024-01-01T00:00:00.000Z',
        deaf: false,
        mute: false,
        flags: 0,
        nick: null,
        avatar: null,
        premium_since: null,
        pending: false,
      },
    };
    this.dispatch('MESSAGE_CREATE', payload, this.guildShard());
    return payload;
  }

  /** Serves bytes on the fake CDN; returns the absolute URL (http://127.0.0.1:PORT/cdn/...). */
  serveFile(
    name: string,
    data: Buffer,
    contentType = 'application/octet-stream',
    channelId = CHANNEL_ID,
  ): string {
    const path = `/cdn/attachments/${channelId}/${this.snowflake()}/${encodeURIComponent(name)}`;
    this.files.set(path, { data, contentType });
    const expires = Math.floor(Date.now() / 1000) + 86_400;
    const hm = randomBytes(16).toString('hex');
    return `${this.base}${path}?ex=${expires.toString(16)}&is=${(expires - 86_400).toString(16)}&hm=${hm}&`;
  }

  /**
   * The next `times` (default 1) requests whose method and path (without
   * /api/v10) match get this answer instead: e.g. 429 { message, retry_after,
   * global } (retry-after, x-ratelimit-remaining 0 and -reset-after default
   * to retry_after; @discordjs/rest reads only the headers) or 400 { code }.
   */
  failNext(
    method: string,
    path: RegExp,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
    times = 1,
  ): void {
    let defaults: Record<string, string> = {};
    if (status === 429) {
      const after = isRecord(body) && typeof body.retry_after === 'number' ? body.retry_after : 1;
      defaults = {
        'retry-after': String(after),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': after.toFixed(3),
        'x-ratelimit-scope': 'user',
        ...(isRecord(body) && body.global === true ? { 'x-ratelimit-global': 'true' } : {}),
      };
    }
    this.failures.push({
      method: method.toUpperCase(),
      path,
      reply: { status, body, headers: { ...defaults, ...headers } },
      times,
    });
  }

  /** Polls `calls` until one matches. */
  /** Calls `listener` with every REST call as it arrives (the load bench's clock); returns the unsubscribe. */
  onCall(listener: (call: RestCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  waitForCall(predicate: (c: RestCall) => boolean, timeoutMs = 5_000): Promise<RestCall> {
    return waitFor(() => this.calls.find(predicate), timeoutMs, 'a REST call');
  }

  /** Calls with this method whose path matches. */
  called(method: string, path: RegExp): RestCall[] {
    return this.calls.filter((c) => c.method === method.toUpperCase() && path.test(c.path));
  }

  /** The commands registered globally, or in a guild. */
  commandsFor(guildId?: string): Json[] {
    return this.commands.get(guildId ?? 'global') ?? [];
  }

  /** The API message object of a stored message (what GET returns). */
  messagePayload(message: StoredMessage): Json {
    const { edits: _edits, interaction_id: _interaction, ...fields } = message;
    const ownMessage = message.author.id === BOT_USER_ID;
    return {
      ...fields,
      guild_id: GUILD_ID,
      author: {
        discriminator: '0',
        global_name: null,
        avatar: null,
        ...message.author,
      },
      attachments: message.attachments.map((a) => ({ ...a, proxy_url: a.url })),
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      ...(ownMessage && message.interaction_id !== undefined
        ? { webhook_id: APP_ID, application_id: APP_ID }
        : {}),
      ...(this.threads.has(message.id) ? { thread: this.threads.get(message.id) } : {}),
    };
  }

  // --- gateway ---

  private accept(ws: WebSocket): void {
    let session: Session | undefined;
    ws.on('message', (data) => {
      const frame = parseFrame(String(data));
      const d = isRecord(frame.d) ? frame.d : {};
      switch (frame.op) {
        case 1:
          this.heartbeats++;
          ws.send(JSON.stringify({ op: 11, d: null }));
          break;
        case 2:
          session = this.identify(ws, d);
          break;
        case 6:
          session = this.resume(ws, d);
          break;
        default:
          // Presence updates, voice state, member requests: not needed.
          break;
      }
    });
    ws.on('close', () => {
      if (session?.socket === ws) session.socket = undefined;
    });
    ws.send(
      JSON.stringify({ op: 10, s: null, t: null, d: { heartbeat_interval: this.heartbeatMs } }),
    );
  }

  private identify(ws: WebSocket, d: Json): Session | undefined {
    const shard = Array.isArray(d.shard) ? (d.shard as [number, number]) : undefined;
    this.identifies.push({
      shard,
      intents: typeof d.intents === 'number' ? d.intents : 0,
      token: String(d.token),
    });
    if (d.token !== DISCORD_TOKEN) {
      ws.close(4004, 'Authentication failed.');
      return undefined;
    }
    const [id, count] = shard ?? [0, 1];
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      shard: [id, count],
      seq: 0,
      socket: ws,
    };
    this.sessions.set(session.id, session);
    this.shardSessions.set(id, session);
    const hasGuild = this.guildShard(count) === id;
    this.dispatch(
      'READY',
      {
        v: 10,
        user: {
          id: BOT_USER_ID,
          username: 'sip-triage',
          discriminator: '0',
          global_name: null,
          avatar: null,
          bot: true,
          verified: true,
          mfa_enabled: false,
          flags: 0,
        },
        guilds: hasGuild ? [{ id: GUILD_ID, unavailable: true }] : [],
        session_id: session.id,
        session_type: 'normal',
        resume_gateway_url: this.gatewayUrl,
        application: { id: APP_ID, flags: 0 },
        ...(shard ? { shard } : {}),
        user_settings: {},
        private_channels: [],
        relationships: [],
        presences: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
        _trace: ['fake-discord'],
      },
      id,
    );
    if (hasGuild) this.dispatch('GUILD_CREATE', this.guild(), id);
    this.ready.add(id);
    return session;
  }

  private resume(ws: WebSocket, d: Json): Session | undefined {
    const session = this.sessions.get(String(d.session_id));
    if (session === undefined || d.token !== DISCORD_TOKEN) {
      ws.send(JSON.stringify({ op: 9, s: null, t: null, d: false }));
      return undefined;
    }
    this.resumes.push({ shard: session.shard[0], session_id: session.id, seq: Number(d.seq) });
    session.socket = ws;
    this.shardSessions.set(session.shard[0], session);
    this.dispatch('RESUMED', { _trace: ['fake-discord'] }, session.shard[0]);
    return session;
  }

  private connectedShardCount(): number {
    for (const session of this.shardSessions.values()) return session.shard[1];
    return this.shards;
  }

  private channel(): Json {
    return {
      id: CHANNEL_ID,
      type: 0,
      guild_id: GUILD_ID,
      name: 'incidents',
      position: 0,
      parent_id: null,
      topic: null,
      nsfw: false,
      rate_limit_per_user: 0,
      last_message_id: null,
      permission_overwrites: [],
      flags: 0,
    };
  }

  private guild(): Json {
    const joined = '2024-01-01T00:00:00.000Z';
    return {
      id: GUILD_ID,
      name: 'VoIP on-call',
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: ALICE.id,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      preferred_locale: 'en-US',
      max_members: 500_000,
      max_video_channel_users: 25,
      application_id: null,
      features: [],
      // @everyone (id = guild id): without it permissionsFor() has nothing to compute from.
      roles: [
        {
          id: GUILD_ID,
          name: '@everyone',
          permissions: BOT_PERMISSIONS,
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
          icon: null,
          unicode_emoji: null,
          flags: 0,
        },
      ],
      channels: [this.channel()],
      threads: [],
      members: [
        {
          user: { id: BOT_USER_ID, username: 'sip-triage', discriminator: '0', bot: true },
          roles: [],
          joined_at: joined,
          deaf: false,
          mute: false,
          flags: 0,
        },
      ],
      member_count: 3,
      large: false,
      joined_at: joined,
      unavailable: false,
      voice_states: [],
      presences: [],
      emojis: [],
      stickers: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  // --- REST ---

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    if (url.pathname.startsWith('/cdn/')) return this.cdn(url.pathname, res);
    const method = req.method ?? 'GET';
    // @discordjs/rest sends '@original' as '%40original'.
    const path = safeDecode(url.pathname).replace(/^\/api(\/v\d+)?/, '') || '/';
    const { body, files } = parseBody(req.headers['content-type'] ?? '', raw);
    const call: RestCall = {
      method,
      path,
      query: url.searchParams,
      authorization: req.headers.authorization,
      body,
      files,
      at: performance.timeOrigin + performance.now(),
    };
    this.calls.push(call);
    for (const listener of this.listeners) listener(call);
    const reply = url.pathname.startsWith('/api/')
      ? (this.takeFailure(method, path) ?? this.authorize(call) ?? this.route(call))
      : notFound();
    const headers: Record<string, string> = {
      ...rateLimitHeaders(method, path),
      ...reply.headers,
    };
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers);
      return void res.end();
    }
    res.writeHead(reply.status, { ...headers, 'content-type': 'application/json' });
    res.end(JSON.stringify(reply.body));
  }

  private cdn(path: string, res: ServerResponse): void {
    this.downloads.push(path);
    const file = this.files.get(path);
    if (file === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return void res.end('Not Found');
    }
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': String(file.data.byteLength),
    });
    res.end(file.data);
  }

  private takeFailure(method: string, path: string): Reply | undefined {
    const failure = this.failures.find((f) => f.method === method && f.path.test(path));
    if (failure === undefined) return undefined;
    failure.times--;
    if (failure.times <= 0) this.failures.splice(this.failures.indexOf(failure), 1);
    return failure.reply;
  }

  /** Interaction callbacks and webhooks go by their token; everything else needs the bot token. */
  private authorize(call: RestCall): Reply | undefined {
    if (/^\/(interactions|webhooks)\/|^\/gateway$/.test(call.path)) return undefined;
    if (call.authorization === `Bot ${DISCORD_TOKEN}`) return undefined;
    return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
  }

  private route(call: RestCall): Reply {
    for (const [method, pattern, handle] of this.routes) {
      const match = pattern.exec(call.path);
      if (match !== null && method === call.method) return handle(call, match.slice(1));
    }
    return notFound();
  }

  private readonly routes: Route[] = [
    [
      'GET',
      /^\/gateway\/bot$/,
      () =>
        ok({
          url: this.gatewayUrl,
          shards: this.shards,
          session_start_limit: {
            total: 1000,
            remaining: 1000,
            reset_after: 0,
            max_concurrency: this.maxConcurrency,
          },
        }),
    ],
    ['GET', /^\/gateway$/, () => ok({ url: this.gatewayUrl })],
    ['GET', /^\/users\/@me$/, () => ok(botUser())],
    [
      'GET',
      /^\/applications\/@me$/,
      () =>
        ok({
          id: APP_ID,
          name: 'sip-triage',
          icon: null,
          description: '',
          bot_public: false,
          bot_require_code_grant: false,
          verify_key: '0'.repeat(64),
          flags: 0,
          team: null,
          owner: { id: ALICE.id, username: ALICE.username, discriminator: '0', avatar: null },
          bot: botUser(),
          approximate_guild_count: 1,
        }),
    ],
    ['PUT', /^\/applications\/(\d+)\/commands$/, (c, [app]) => this.putCommands(c, app, 'global')],
    ['GET', /^\/applications\/(\d+)\/commands$/, (_c, [app]) => this.getCommands(app, 'global')],
    [
      'PUT',
      /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/,
      (c, [app, guild]) => this.putCommands(c, app, guild),
    ],
    [
      'GET',
      /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/,
      (_c, [app, guild]) => this.getCommands(app, guild),
    ],
    [
      'POST',
      /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
      (c, [id, token]) => this.callback(c, id, token),
    ],
    ['POST', /^\/webhooks\/(\d+)\/([^/]+)$/, (c, [app, token]) => this.followUp(c, app, token)],
    [
      'PATCH',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/,
      (c, [app, token, id]) => this.webhookMessage(c, app, token, id),
    ],
    [
      'GET',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/,
      (c, [app, token, id]) => this.webhookMessage(c, app, token, id),
    ],
    [
      'DELETE',
      /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/,
      (c, [app, token, id]) => this.webhookMessage(c, app, token, id),
    ],
    ['GET', /^\/channels\/(\d+)$/, (_c, [channel]) => this.getChannel(channel)],
    ['POST', /^\/channels\/(\d+)\/typing$/, (_c, [channel]) => this.typing(channel)],
    ['GET', /^\/channels\/(\d+)\/messages$/, (c, [channel]) => this.listMessages(c, channel)],
    ['POST', /^\/channels\/(\d+)\/messages$/, (c, [channel]) => this.postMessage(c, channel)],
    [
      'GET',
      /^\/channels\/(\d+)\/messages\/(\d+)$/,
      (_c, [channel, id]) => this.getMessage(channel, id),
    ],
    [
      'PATCH',
      /^\/channels\/(\d+)\/messages\/(\d+)$/,
      (c, [channel, id]) => this.editMessage(c, channel, id),
    ],
    [
      'DELETE',
      /^\/channels\/(\d+)\/messages\/(\d+)$/,
      (_c, [channel, id]) => this.deleteMessage(channel, id),
    ],
    [
      'POST',
      /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/,
      (c, [channel, id]) => this.startThread(c, channel, id),
    ],
    ['POST', /^\/channels\/(\d+)\/threads$/, (c, [channel]) => this.startThread(c, channel)],
  ];

  private putCommands(call: RestCall, app: string | undefined, key = 'global'): Reply {
    if (app !== APP_ID) return unknownApplication();
    const old = this.commands.get(key) ?? [];
    const list = (Array.isArray(call.body) ? call.body : []).filter(isRecord).map(
      (command): Json => ({
        type: 1,
        description: '',
        default_member_permissions: null,
        nsfw: false,
        ...command,
        id: old.find((o) => o.name === command.name)?.id ?? this.snowflake(),
        application_id: APP_ID,
        version: this.snowflake(),
        ...(key === 'global' ? {} : { guild_id: key }),
      }),
    );
    this.commands.set(key, list);
    return ok(list);
  }

  private getCommands(app: string | undefined, key = 'global'): Reply {
    if (app !== APP_ID) return unknownApplication();
    return ok(this.commands.get(key) ?? []);
  }

  private callback(call: RestCall, id = '', token = ''): Reply {
    const state = this.interactions.get(id);
    if (state === undefined || state.payload.token !== token)
      return { status: 404, body: { message: 'Unknown interaction', code: 10062 } };
    const body = isRecord(call.body) ? call.body : {};
    const result = this.acknowledge(state, body, call.files);
    if ('status' in result) return result;
    if (call.query.get('with_response') !== 'true') return { status: 204 };
    const { type, message } = result;
    const resource: Json = { type };
    if (message !== undefined) resource.message = this.messagePayload(message);
    else if (type === 5 && state.originalId !== undefined)
      resource.message = {
        ...this.messagePayload(this.draft(state, String(state.payload.channel_id))),
        flags: 128 | state.flags,
      };
    return ok({
      interaction: {
        id,
        type: state.payload.type,
        activity_instance_id: null,
        response_message_id: message?.id ?? (type === 5 ? state.originalId : null),
        response_message_loading: type === 5,
        response_message_ephemeral: ((message?.flags ?? state.flags) & 64) !== 0,
      },
      resource,
    });
  }

  /** An interaction's first response (callback or HTTP answer): stores what it shows. */
  private acknowledge(
    state: InteractionState,
    body: Json,
    files: RestFile[],
  ): Reply | { type: number; message: StoredMessage | undefined } {
    if (state.acknowledged)
      return {
        status: 400,
        body: { message: 'Interaction has already been acknowledged.', code: 40060 },
      };
    const type = Number(body.type);
    const data = isRecord(body.data) ? body.data : {};
    const clicked = isRecord(state.payload.message) ? state.payload.message : undefined;
    const clickedId = typeof clicked?.id === 'string' ? clicked.id : undefined;
    const channelId = String(state.payload.channel_id);
    const interactionId = String(state.payload.id);
    let message: StoredMessage | undefined;
    if (type === 4 || type === 7) {
      const invalid = invalidMessage(data, type === 4, files, 'data');
      if (invalid) return invalid;
    }
    switch (type) {
      case 4:
        message = this.createMessage(channelId, data, files, {
          type: state.payload.type === 2 ? 20 : 0,
          interaction_id: interactionId,
        });
        state.originalId = message.id;
        break;
      case 5:
        state.originalId = this.snowflake();
        state.flags = Number(data.flags ?? 0) & 64;
        break;
      case 6:
        state.originalId = clickedId;
        break;
      case 7: {
        const stored = clickedId === undefined ? undefined : this.messages.get(clickedId);
        message =
          stored === undefined
            ? this.createMessage(channelId, data, files, {
                ...(clickedId === undefined ? {} : { id: clickedId }),
                interaction_id: interactionId,
              })
            : this.updateMessage(stored, data, files);
        state.originalId = message.id;
        break;
      }
      case 1:
      case 8:
      case 9:
        break;
      default:
        return invalidForm('type', 'Value must be one of {1, 4, 5, 6, 7, 8, 9, 10, 12}.');
    }
    state.acknowledged = true;
    return { type, message };
  }

  private followUp(call: RestCall, app = '', token = ''): Reply {
    const state = this.byToken.get(token);
    if (app !== APP_ID || state === undefined || !state.acknowledged) return unknownWebhook();
    const data = isRecord(call.body) ? call.body : {};
    const invalid = invalidMessage(data, true, call.files);
    if (invalid) return invalid;
    const message = this.createMessage(String(state.payload.channel_id), data, call.files, {
      interaction_id: String(state.payload.id),
    });
    if (call.query.get('wait') !== 'true') return { status: 204 };
    return ok(this.messagePayload(message));
  }

  private webhookMessage(call: RestCall, app = '', token = '', which = ''): Reply {
    const state = this.byToken.get(token);
    if (app !== APP_ID || state === undefined) return unknownWebhook();
    const id = which === '@original' ? state.originalId : which;
    if (id === undefined) return unknownMessage();
    let stored = this.messages.get(id);
    if (call.method === 'GET') return stored ? ok(this.messagePayload(stored)) : unknownMessage();
    if (call.method === 'DELETE') {
      if (stored === undefined) return unknownMessage();
      this.messages.delete(id);
      return { status: 204 };
    }
    const data = isRecord(call.body) ? call.body : {};
    const invalid = invalidMessage(data, false, call.files);
    if (invalid) return invalid;
    // The first edit of a deferred reply: the loading message gets its content.
    if (stored === undefined && id === state.originalId)
      stored = this.draft(state, String(state.payload.channel_id));
    if (stored === undefined) return unknownMessage();
    const isNew = !this.messages.has(id);
    if (isNew) this.messages.set(id, stored);
    const updated = this.updateMessage(stored, data, call.files);
    if (isNew) {
      updated.edits = 0;
      updated.edited_timestamp = null;
    }
    return ok(this.messagePayload(updated));
  }

  private getChannel(channelId = ''): Reply {
    if (channelId === CHANNEL_ID) return ok(this.channel());
    const thread = this.threads.get(channelId);
    return thread ? ok(thread) : unknownChannel();
  }

  private typing(channelId = ''): Reply {
    return this.knownChannel(channelId) ? { status: 204 } : unknownChannel();
  }

  private listMessages(call: RestCall, channelId = ''): Reply {
    if (!this.knownChannel(channelId)) return unknownChannel();
    const limit = Number(call.query.get('limit') ?? 50);
    const list = [...this.messages.values()]
      .filter((m) => m.channel_id === channelId)
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
      .slice(0, limit);
    return ok(list.map((m) => this.messagePayload(m)));
  }

  private postMessage(call: RestCall, channelId = ''): Reply {
    if (!this.knownChannel(channelId)) return unknownChannel();
    const data = isRecord(call.body) ? call.body : {};
    const invalid = invalidMessage(data, true, call.files);
    if (invalid) return invalid;
    const reference = isRecord(data.message_reference) ? data.message_reference : undefined;
    const extra: Partial<StoredMessage> = {};
    if (reference !== undefined) {
      const target = String(reference.message_id);
      if (!this.messages.has(target) && reference.fail_if_not_exists !== false)
        return invalidForm('message_reference', 'Unknown message');
      extra.type = 19;
      extra.message_reference = {
        message_id: target,
        channel_id: channelId,
        guild_id: GUILD_ID,
      };
    }
    return ok(this.messagePayload(this.createMessage(channelId, data, call.files, extra)));
  }

  private getMessage(channelId = '', id = ''): Reply {
    const stored = this.messages.get(id);
    if (stored === undefined || stored.channel_id !== channelId) return unknownMessage();
    return ok(this.messagePayload(stored));
  }

  private editMessage(call: RestCall, channelId = '', id = ''): Reply {
    const stored = this.messages.get(id);
    if (stored === undefined || stored.channel_id !== channelId) return unknownMessage();
    if (stored.author.id !== BOT_USER_ID)
      return {
        status: 403,
        body: { message: 'Cannot edit a message authored by another user', code: 50005 },
      };
    const data = isRecord(call.body) ? call.body : {};
    const invalid = invalidMessage(data, false, call.files);
    if (invalid) return invalid;
    return ok(this.messagePayload(this.updateMessage(stored, data, call.files)));
  }

  private deleteMessage(channelId = '', id = ''): Reply {
    const stored = this.messages.get(id);
    if (stored === undefined || stored.channel_id !== channelId) return unknownMessage();
    this.messages.delete(id);
    return { status: 204 };
  }

  /** A thread on a message takes the message's id; a second one on it is refused with 160004. */
  private startThread(call: RestCall, channelId = '', messageId?: string): Reply {
    if (channelId !== CHANNEL_ID) return unknownChannel();
    const data = isRecord(call.body) ? call.body : {};
    if (typeof data.name !== 'string' || data.name.length === 0 || data.name.length > 100)
      return invalidForm('name', 'Must be between 1 and 100 in length.');
    if (messageId !== undefined) {
      const message = this.messages.get(messageId);
      if (message === undefined || message.channel_id !== channelId) return unknownMessage();
      if (this.threads.has(messageId))
        return {
          status: 400,
          body: { message: 'A thread has already been created for this message', code: 160004 },
        };
      message.flags |= 32;
    }
    const id = messageId ?? this.snowflake();
    const archive = Number(data.auto_archive_duration ?? 4320);
    const thread: Json = {
      id,
      type: messageId === undefined ? Number(data.type ?? 12) : 11,
      guild_id: GUILD_ID,
      parent_id: channelId,
      owner_id: BOT_USER_ID,
      name: data.name,
      last_message_id: null,
      rate_limit_per_user: Number(data.rate_limit_per_user ?? 0),
      message_count: 0,
      member_count: 1,
      total_message_sent: 0,
      flags: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: archive,
        archive_timestamp: new Date().toISOString(),
        locked: false,
        create_timestamp: new Date().toISOString(),
      },
      member: {
        id,
        user_id: BOT_USER_ID,
        join_timestamp: new Date().toISOString(),
        flags: 0,
      },
    };
    this.threads.set(id, thread);
    return { status: 201, body: thread };
  }

  private knownChannel(channelId: string): boolean {
    return channelId === CHANNEL_ID || this.threads.has(channelId);
  }

  // --- messages ---

  /** The deferred reply's loading message, not stored until it is edited. */
  private draft(state: InteractionState, channelId: string): StoredMessage {
    return {
      ...this.blank(channelId),
      id: state.originalId ?? this.snowflake(),
      flags: state.flags,
      type: state.payload.type === 2 ? 20 : 0,
      interaction_id: String(state.payload.id),
    };
  }

  private blank(channelId: string): StoredMessage {
    return {
      id: this.snowflake(),
      channel_id: channelId,
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      author: { id: BOT_USER_ID, username: 'sip-triage', bot: true },
      edits: 0,
      flags: 0,
      type: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
    };
  }

  private createMessage(
    channelId: string,
    data: Json,
    files: RestFile[],
    extra: Partial<StoredMessage>,
  ): StoredMessage {
    const message: StoredMessage = {
      ...this.blank(channelId),
      ...extra,
      content: typeof data.content === 'string' ? data.content : '',
      embeds: Array.isArray(data.embeds) ? data.embeds : [],
      components: Array.isArray(data.components) ? data.components : [],
      attachments: this.newAttachments(data, files, channelId),
      flags: Number(data.flags ?? 0) & (4 | 64 | 4096 | 32768),
    };
    this.messages.set(message.id, message);
    return message;
  }

  /** An edit: fields present replace, `attachments` keeps the listed existing ones, new files add. */
  private updateMessage(stored: StoredMessage, data: Json, files: RestFile[]): StoredMessage {
    if (typeof data.content === 'string' || data.content === null)
      stored.content = data.content ?? '';
    if (Array.isArray(data.embeds) || data.embeds === null) stored.embeds = data.embeds ?? [];
    if (Array.isArray(data.components) || data.components === null)
      stored.components = data.components ?? [];
    if (typeof data.flags === 'number') stored.flags = (stored.flags & ~4) | (data.flags & 4);
    if (Array.isArray(data.attachments) || data.attachments === null) {
      const keep = new Set(
        (Array.isArray(data.attachments) ? data.attachments : [])
          .filter(isRecord)
          .map((a) => String(a.id)),
      );
      stored.attachments = stored.attachments.filter((a) => keep.has(a.id));
    }
    stored.attachments.push(...this.newAttachments(data, files, stored.channel_id));
    stored.edits++;
    stored.edited_timestamp = new Date().toISOString();
    return stored;
  }

  /** Uploaded files as attachments served by the CDN; `attachments[{ id: n }]` may rename files[n]. */
  private newAttachments(data: Json, files: RestFile[], channelId: string): StoredAttachment[] {
    const meta = (Array.isArray(data.attachments) ? data.attachments : []).filter(isRecord);
    return files.map((file, index) => {
      const n = /\[(\d+)\]$/.exec(file.field)?.[1] ?? String(index);
      const named = meta.find((a) => String(a.id) === n);
      const filename = typeof named?.filename === 'string' ? named.filename : file.name;
      const attached = this.attach(filename, file.data, file.contentType, channelId);
      return typeof named?.description === 'string'
        ? { ...attached, description: named.description }
        : attached;
    });
  }

  private attach(
    filename: string,
    data: Buffer,
    contentType: string | undefined,
    channelId: string,
  ): StoredAttachment {
    const url = this.serveFile(filename, data, contentType, channelId);
    return {
      id: /\/(\d+)\/[^/]+\?/.exec(url)?.[1] ?? this.snowflake(),
      filename,
      size: data.byteLength,
      url,
      ...(contentType === undefined ? {} : { content_type: contentType }),
    };
  }

  private snowflake(): string {
    let next = (BigInt(Date.now()) - EPOCH) << 22n;
    if (next <= this.lastSnowflake) next = this.lastSnowflake + 1n;
    this.lastSnowflake = next;
    return next.toString();
  }
}

// --- helpers ---

function botUser(): Json {
  return {
    id: BOT_USER_ID,
    username: 'sip-triage',
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: true,
    verified: true,
    mfa_enabled: false,
    flags: 0,
  };
}

function ok(body: unknown): Reply {
  return { status: 200, body };
}

function notFound(): Reply {
  return { status: 404, body: { message: '404: Not Found', code: 0 } };
}

function unknownMessage(): Reply {
  return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
}

function unknownChannel(): Reply {
  return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
}

function unknownWebhook(): Reply {
  return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
}

function unknownApplication(): Reply {
  return { status: 404, body: { message: 'Unknown Application', code: 10002 } };
}

function invalidForm(field: string, message: string, code = 'BASE_TYPE_INVALID'): Reply {
  const errors: Json = {};
  let node = errors;
  const parts = field.split('.');
  for (const [i, part] of parts.entries()) {
    const child: Json = i === parts.length - 1 ? { _errors: [{ code, message }] } : {};
    node[part] = child;
    node = child;
  }
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } };
}

/** Discord's own checks on a message body (discord.js checks none of the totals). */
function invalidMessage(
  data: Json,
  creating: boolean,
  files: RestFile[],
  prefix?: string,
): Reply | undefined {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const content = typeof data.content === 'string' ? data.content : '';
  const embeds = Array.isArray(data.embeds) ? data.embeds.filter(isRecord) : [];
  const components = Array.isArray(data.components) ? data.components : [];
  if (files.some((f) => f.data.byteLength > MAX_UPLOAD))
    return { status: 413, body: { message: 'Request entity too large', code: 40005 } };
  if (files.length > 10)
    return invalidForm(at('files'), 'Must be 10 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
  if (content.length > 2000)
    return invalidForm(at('content'), 'Must be 2000 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
  if (embeds.length > 10)
    return invalidForm(at('embeds'), 'Must be 10 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
  if (embeds.reduce((sum, e) => sum + embedLength(e), 0) > 6000)
    return invalidForm(
      at('embeds'),
      'Embed size exceeds maximum size of 6000',
      'MAX_EMBED_SIZE_EXCEEDED',
    );
  if (components.length > 5 && (Number(data.flags ?? 0) & 32768) === 0)
    return invalidForm(at('components'), 'Must be 5 or fewer in length.', 'BASE_TYPE_MAX_LENGTH');
  const empty =
    content.length === 0 &&
    embeds.length === 0 &&
    components.length === 0 &&
    files.length === 0 &&
    !Array.isArray(data.sticker_ids) &&
    !isRecord(data.poll);
  if (creating && empty)
    return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
  return undefined;
}

function embedLength(embed: Json): number {
  const text = (v: unknown) => (typeof v === 'string' ? v.length : 0);
  const fields = Array.isArray(embed.fields) ? embed.fields.filter(isRecord) : [];
  return (
    text(embed.title) +
    text(embed.description) +
    fields.reduce((sum, f) => sum + text(f.name) + text(f.value), 0) +
    (isRecord(embed.footer) ? text(embed.footer.text) : 0) +
    (isRecord(embed.author) ? text(embed.author.name) : 0)
  );
}

/** Plausible rate-limit headers: a bucket per route shape, never exhausted. */
function rateLimitHeaders(method: string, path: string): Record<string, string> {
  const shape = path
    .replace(/\/(interactions|webhooks)\/(\d+)\/[^/]+/, '/$1/$2/:token')
    .replace(/\/\d{15,}/g, '/:id');
  const bucket = createHash('sha1').update(`${method} ${shape}`).digest('hex').slice(0, 32);
  return {
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '4',
    'x-ratelimit-reset': (Date.now() / 1000 + 5).toFixed(3),
    'x-ratelimit-reset-after': '5.000',
    'x-ratelimit-bucket': bucket,
  };
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** JSON, or multipart/form-data: `payload_json` (or plain fields) and `files[n]` parts. */
function parseBody(contentType: string, raw: Buffer): { body: unknown; files: RestFile[] } {
  if (raw.byteLength === 0) return { body: undefined, files: [] };
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!contentType.startsWith('multipart/form-data') || boundary === null) {
    const text = raw.toString('utf8');
    try {
      return { body: JSON.parse(text), files: [] };
    } catch {
      return { body: text, files: [] };
    }
  }
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const next = Buffer.from(`\r\n--${boundary[1] ?? boundary[2]}`);
  const fields: Json = {};
  const files: RestFile[] = [];
  let body: unknown;
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (raw.subarray(partStart, partStart + 2).toString() === '--') break;
    const end = raw.indexOf(next, partStart);
    if (end === -1) break;
    const part = raw.subarray(partStart + 2, end);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const data = part.subarray(split + 4);
    const name = unescapeField(/[;\s]name="([^"]*)"/i.exec(head)?.[1] ?? '');
    const filename = /[;\s]filename="([^"]*)"/i.exec(head)?.[1];
    if (filename !== undefined)
      files.push({
        field: name,
        name: unescapeField(filename),
        contentType:
          /content-type:\s*([^\r\n]+)/i.exec(head)?.[1]?.trim() ?? 'application/octet-stream',
        data: Buffer.from(data),
      });
    else if (name === 'payload_json') body = JSON.parse(data.toString('utf8'));
    else fields[name] = data.toString('utf8');
    start = end + 2;
  }
  return { body: body ?? fields, files };
}

function parseFrame(text: string): { op: number; d: unknown } {
  try {
    const frame: unknown = JSON.parse(text);
    if (isRecord(frame) && typeof frame.op === 'number') return { op: frame.op, d: frame.d };
  } catch {
    // Not JSON: the real gateway closes with 4002; ignoring it is enough here.
  }
  return { op: -1, d: null };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** FormData escapes `"`, CR and LF in names as %22, %0D and %0A. */
function unescapeField(value: string): string {
  return value.replace(/%22/g, '"').replace(/%0D/g, '\r').replace(/%0A/g, '\n');
}

export { waitFor };
