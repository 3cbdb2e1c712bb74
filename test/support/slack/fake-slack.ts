/**
 * A local Slack for the adapter's tests and the load bench: the Web API
 * methods the bot calls (recorded, with a small message store so updates
 * and thread reads behave), file downloads that demand the bot token,
 * files.uploadV2's upload (several files shared in one completion, as one
 * message), `response_url`s, and Socket Mode
 * (apps.connections.open plus a WebSocket that sends envelopes and reads
 * acks). Listens on 127.0.0.1 only.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { waitFor } from '../wait-for.js';

export const BOT_TOKEN = 'xoxb-test-token';
export const BOT_USER = 'UBOT';
export const BOT_ID = 'BBOT';

export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
  authorization: string | undefined;
  at: number;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  user?: string;
  bot_id?: string;
  text: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  files?: unknown[];
  edits: number;
}

export interface Upload {
  channel: string | undefined;
  thread_ts: string | undefined;
  filename: string;
  content: Buffer;
  /** The title files.completeUploadExternal gave it. */
  title: string | undefined;
  /** files.getUploadURLExternal's alt_txt (a picture's description). */
  altText: string | undefined;
  /** Which files.completeUploadExternal call shared it (1, 2, ...): files shared together are one message. */
  share: number;
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  readonly uploads: Upload[] = [];
  readonly messages: StoredMessage[] = [];
  /** When each bot message was posted (epoch ms, sub-millisecond), by ts: the load bench's clock, comparable across processes. */
  readonly postTimes = new Map<string, number>();
  /** When the bot first posted in each channel (top level), and in each thread: the load bench's clock. */
  readonly firstPost = new Map<string, number>();
  readonly firstReply = new Map<string, number>();
  readonly acks: { envelope_id: string; payload?: unknown }[] = [];
  private readonly files = new Map<string, Buffer>();
  private readonly pendingUploads = new Map<
    string,
    { filename: string; altText?: string; content?: Buffer }
  >();
  private readonly failures = new Map<string, string[]>();
  private readonly uploadFailures: number[] = [];
  private shares = 0;
  private readonly limited = new Set<string>();
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private nextTs = 1_733_300_000;
  private nextId = 1;
  /** Milliseconds each Web API answer waits (load tests). */
  latencyMs = 0;

  get base(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (address === undefined) throw new Error('the fake Slack is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  get apiUrl(): string {
    return `${this.base}/api/`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        res.writeHead(500);
        res.end(String(error));
      });
    });
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, socket, head) => {
      this.wss?.handleUpgrade(req, socket, head, (ws) => {
        this.socket = ws;
        ws.on('message', (data) => {
          const frame = JSON.parse(String(data)) as { envelope_id: string; payload?: unknown };
          this.acks.push(frame);
        });
        ws.send(JSON.stringify({ type: 'hello', num_connections: 1 }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    for (const client of this.wss?.clients ?? []) client.terminate();
    this.wss?.close();
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  /** The next call of `method` fails with Slack error `error` (e.g. "not_in_channel"). */
  failNext(method: string, error: string): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  /** The next upload of a file's bytes (to the URL files.getUploadURLExternal gave) answers HTTP `status`. */
  failUploadNext(status: number): void {
    this.uploadFailures.push(status);
  }

  /** The next call of `method` is rate limited: HTTP 429 with Retry-After: 1. */
  rateLimitNext(method: string): void {
    this.limited.add(method);
  }

  /** A person's message already in the channel (what conversations.replies finds). */
  addMessage(message: Omit<StoredMessage, 'ts' | 'edits'> & { ts?: string }): StoredMessage {
    const stored: StoredMessage = { ...message, ts: message.ts ?? this.ts(), edits: 0 };
    this.messages.push(stored);
    return stored;
  }

  /** A file the bot may download, as Slack shares it in an event. */
  addFile(name: string, content: Buffer, mimetype = 'application/octet-stream') {
    const id = `F${this.nextId++}`;
    this.files.set(id, content);
    return {
      id,
      name,
      title: name,
      mimetype,
      filetype: name.split('.').pop() ?? 'binary',
      size: content.byteLength,
      url_private: `${this.base}/files/${id}/${encodeURIComponent(name)}`,
      url_private_download: `${this.base}/files/${id}/download/${encodeURIComponent(name)}`,
    };
  }

  /** A `response_url` on the fake; posts to it land in `responses`. */
  responseUrl(): string {
    return `${this.base}/respond/${this.nextId++}`;
  }

  /** Sends a Socket Mode envelope; resolves with the bot's ack frame. */
  async envelope(
    type: string,
    payload: unknown,
    timeoutMs = 5_000,
  ): Promise<{ envelope_id: string }> {
    if (this.socket === undefined) throw new Error('no Socket Mode client is connected');
    const envelope_id = `env-${this.nextId++}`;
    this.socket.send(
      JSON.stringify({
        envelope_id,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: 0,
        retry_reason: '',
      }),
    );
    return waitFor(
      () => this.acks.find((a) => a.envelope_id === envelope_id),
      timeoutMs,
      `ack of ${envelope_id}`,
    );
  }

  called(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Messages the bot posted (chat.postMessage), in order. */
  botMessages(): StoredMessage[] {
    return this.messages.filter((m) => m.bot_id === BOT_ID);
  }

  byTs(ts: string): StoredMessage | undefined {
    return this.messages.find((m) => m.ts === ts);
  }

  private ts(): string {
    return `${this.nextTs++}.${String(this.nextId++).padStart(6, '0')}`;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const limitedMethod = url.pathname.slice(5);
    if (url.pathname.startsWith('/api/') && this.limited.delete(limitedMethod)) {
      this.calls.push({
        method: limitedMethod,
        args: {},
        authorization: req.headers.authorization,
        at: performance.now(),
      });
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
    }
    if (url.pathname.startsWith('/api/'))
      return json(res, 200, this.api(url.pathname.slice(5), req, body));
    const file = /^\/files\/(F\d+)\//.exec(url.pathname);
    if (file && req.method === 'GET') {
      // Real Slack sends a request without the token to its sign-in page.
      if (req.headers.authorization !== `Bearer ${BOT_TOKEN}`) {
        res.writeHead(302, { location: 'https://slack.com/signin' });
        return void res.end();
      }
      const content = this.files.get(file[1] as string);
      if (content === undefined) return json(res, 404, { ok: false });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return void res.end(content);
    }
    const upload = /^\/upload\/(\w+)$/.exec(url.pathname);
    if (upload) {
      const status = this.uploadFailures.shift();
      if (status !== undefined) {
        res.writeHead(status);
        return void res.end('upload failed');
      }
      const pending = this.pendingUploads.get(upload[1] as string);
      if (pending !== undefined)
        pending.content = fileContent(req.headers['content-type'] ?? '', body);
      res.writeHead(200);
      return void res.end('OK - 1');
    }
    if (url.pathname === '/__stats')
      return json(res, 200, {
        firstPost: Object.fromEntries(this.firstPost),
        firstReply: Object.fromEntries(this.firstReply),
      });
    const respond = /^\/respond\/(\d+)$/.exec(url.pathname);
    if (respond) {
      this.responses.push({ id: respond[1] as string, body: JSON.parse(body.toString('utf8')) });
      return json(res, 200, { ok: true });
    }
    json(res, 404, { ok: false, error: 'unknown_path' });
  }

  private api(method: string, req: IncomingMessage, raw: Buffer): Record<string, unknown> {
    const args = parseArgs(req.headers['content-type'] ?? '', raw);
    this.calls.push({
      method,
      args,
      authorization: req.headers.authorization,
      at: performance.now(),
    });
    const failure = this.failures.get(method)?.shift();
    if (failure !== undefined) return { ok: false, error: failure };
    const text = (key: string) =>
      typeof args[key] === 'string' ? (args[key] as string) : undefined;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          user_id: BOT_USER,
          bot_id: BOT_ID,
          team_id: 'T1',
          user: 'sip-triage',
        };
      case 'apps.connections.open':
        return { ok: true, url: `${this.base.replace('http', 'ws')}/socket` };
      case 'chat.postMessage': {
        const stored = this.addMessage({
          channel: text('channel') ?? '',
          ...(text('thread_ts') !== undefined ? { thread_ts: text('thread_ts') } : {}),
          bot_id: BOT_ID,
          user: BOT_USER,
          text: text('text') ?? '',
          blocks: jsonArg(args.blocks) as unknown[],
          ...(args.metadata !== undefined
            ? { metadata: jsonArg(args.metadata) as StoredMessage['metadata'] }
            : {}),
        });
        const at = performance.timeOrigin + performance.now();
        this.postTimes.set(stored.ts, at);
        if (stored.thread_ts === undefined) {
          if (!this.firstPost.has(stored.channel)) this.firstPost.set(stored.channel, at);
        } else if (!this.firstReply.has(stored.thread_ts))
          this.firstReply.set(stored.thread_ts, at);
        return {
          ok: true,
          channel: stored.channel,
          ts: stored.ts,
          message: { type: 'message', ts: stored.ts, text: stored.text },
        };
      }
      case 'chat.update': {
        const stored = this.byTs(text('ts') ?? '');
        if (stored === undefined) return { ok: false, error: 'message_not_found' };
        stored.text = text('text') ?? stored.text;
        stored.blocks = jsonArg(args.blocks) as unknown[];
        if (args.metadata !== undefined)
          stored.metadata = jsonArg(args.metadata) as StoredMessage['metadata'];
        stored.edits++;
        return { ok: true, channel: stored.channel, ts: stored.ts };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.ts() };
      case 'conversations.replies': {
        const found = this.byTs(text('ts') ?? '');
        return { ok: true, messages: found ? [found] : [] };
      }
      case 'files.getUploadURLExternal': {
        const id = `U${this.nextId++}`;
        this.pendingUploads.set(id, {
          filename: text('filename') ?? '',
          ...(text('alt_txt') !== undefined ? { altText: text('alt_txt') } : {}),
        });
        return { ok: true, upload_url: `${this.base}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = jsonArg(args.files) as { id: string; title?: string }[];
        const share = ++this.shares;
        for (const f of files) {
          const pending = this.pendingUploads.get(f.id);
          this.uploads.push({
            channel: text('channel_id'),
            thread_ts: text('thread_ts'),
            filename: pending?.filename ?? '',
            content: pending?.content ?? Buffer.alloc(0),
            title: f.title,
            altText: pending?.altText,
            share,
          });
        }
        return {
          ok: true,
          files: files.map((f) => ({ id: f.id, title: f.title })),
        };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The upload's bytes: the body itself, or the file part of a multipart body. */
function fileContent(contentType: string, body: Buffer): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!contentType.startsWith('multipart/') || boundary === null) return body;
  const marker = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const start = body.indexOf(marker);
  const headersEnd = body.indexOf('\r\n\r\n', start);
  const end = body.indexOf(Buffer.concat([Buffer.from('\r\n'), marker]), headersEnd);
  return body.subarray(headersEnd + 4, end);
}

function parseArgs(contentType: string, raw: Buffer): Record<string, unknown> {
  if (raw.byteLength === 0) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw.toString('utf8'));
  return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
}

/** The Web API client sends objects form-encoded as JSON strings. */
function jsonArg(value: unknown): unknown {
  return typeof value === 'string' ? JSON.parse(value) : value;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Headers of a request signed the way Slack signs it. */
export function slackSignature(
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

export { waitFor };
