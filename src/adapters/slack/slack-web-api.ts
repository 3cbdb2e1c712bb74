/**
 * The few Slack Web API calls the bot makes to answer, as JSON (or form)
 * POSTs over keep-alive node:http connections (http-post.ts). It carries no SDK, so it runs in the core's worker
 * threads as well as on the main thread: the thread that worked out an
 * answer also sends it, and the main thread is left to acknowledge.
 *
 * Rate limits: a 429 is waited out as its Retry-After says, up to
 * `retries` times; any other failure is thrown as a SlackApiError whose
 * `data.error` is Slack's error code ("not_in_channel").
 */
import { httpPost, type PostResult } from './http-post.js';
import type { SlackApi, UploadFile } from './slack-outbox.js';

export class SlackApiError extends Error {
  constructor(
    readonly method: string,
    readonly data: { error: string },
  ) {
    super(`${method}: ${data.error}`);
    this.name = 'SlackApiError';
  }
}

export interface SlackWebApiOptions {
  botToken: string;
  /** Base URL ending in "/" (default Slack's own). */
  apiUrl?: string;
  /** Times a rate-limited call is retried after waiting Retry-After. */
  retries?: number;
  /** Longest wait for one call, in milliseconds. */
  timeoutMs?: number;
}

export class SlackWebApi implements SlackApi {
  private readonly base: string;

  constructor(private readonly options: SlackWebApiOptions) {
    this.base = options.apiUrl ?? 'https://slack.com/api/';
  }

  /** The bot's own user and bot ids (auth.test): also proves the token works. */
  async whoAmI(): Promise<{ userId: string; botId: string | undefined }> {
    const found = await this.call('auth.test', {});
    if (typeof found.user_id !== 'string')
      throw new SlackApiError('auth.test', { error: 'no_user_id' });
    return {
      userId: found.user_id,
      botId: typeof found.bot_id === 'string' ? found.bot_id : undefined,
    };
  }

  async post(args: Parameters<SlackApi['post']>[0]): Promise<{ ts?: string }> {
    const result = await this.call('chat.postMessage', {
      ...args,
      unfurl_links: false,
      unfurl_media: false,
    });
    return typeof result.ts === 'string' ? { ts: result.ts } : {};
  }

  async update(args: Parameters<SlackApi['update']>[0]): Promise<void> {
    await this.call('chat.update', args);
  }

  async postEphemeral(args: Parameters<SlackApi['postEphemeral']>[0]): Promise<void> {
    await this.call('chat.postEphemeral', args);
  }

  async respond(url: string, body: Record<string, unknown>): Promise<void> {
    const response = await this.send(url, body, false);
    if (response.status < 200 || response.status >= 300)
      throw new SlackApiError('response_url', { error: `http_${response.status}` });
  }

  /**
   * files.uploadV2's steps: an upload URL per file, the bytes sent to each,
   * then one files.completeUploadExternal that shares them all, so they
   * arrive as one message with every file in it.
   */
  async upload(args: Parameters<SlackApi['upload']>[0]): Promise<void> {
    const ids = await Promise.all(args.files.map((file) => this.uploadBytes(file)));
    await this.call('files.completeUploadExternal', {
      files: args.files.map((file, i) => ({ id: ids[i], title: file.title })),
      channel_id: args.channel,
      ...(args.thread_ts !== undefined ? { thread_ts: args.thread_ts } : {}),
    });
  }

  /** Sends one file's bytes to Slack (not yet shared anywhere); returns its file id. */
  private async uploadBytes(file: UploadFile): Promise<string> {
    const bytes = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
    const target = await this.call(
      'files.getUploadURLExternal',
      {
        filename: file.filename,
        length: bytes.byteLength,
        // Slack refuses alt text over 1,000 characters (alt_txt_too_large).
        ...(file.altText !== undefined ? { alt_txt: file.altText.slice(0, 1000) } : {}),
      },
      'form',
    );
    const sent = await httpPost(
      String(target.upload_url ?? ''),
      { 'content-type': 'application/octet-stream' },
      bytes,
      this.options.timeoutMs ?? 30_000,
    );
    if (sent.status < 200 || sent.status >= 300)
      throw new SlackApiError('files upload', { error: `http_${sent.status}` });
    return String(target.file_id ?? '');
  }

  /** One message by its ts (a thread's root or a reply), or undefined. */
  async fetchMessage(channel: string, ts: string): Promise<unknown> {
    const found = await this.call(
      'conversations.replies',
      { channel, ts, limit: 1, inclusive: true },
      'form',
    );
    const messages = Array.isArray(found.messages) ? found.messages : [];
    return messages.find((m) => (m as { ts?: unknown }).ts === ts);
  }

  private async call(
    method: string,
    args: Record<string, unknown>,
    encoding: 'json' | 'form' = 'json',
  ): Promise<Record<string, unknown>> {
    const retries = this.options.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      const response = await this.send(`${this.base}${method}`, args, true, encoding);
      if (response.status === 429 && attempt < retries) {
        const wait = Number(response.retryAfter ?? '1');
        await new Promise((r) => setTimeout(r, Math.min(60, Math.max(1, wait || 1)) * 1000));
        continue;
      }
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(response.body) as Record<string, unknown>;
      } catch {
        // Not JSON (a proxy's error page): reported by status below.
      }
      if (body.ok !== true)
        throw new SlackApiError(method, {
          error: typeof body.error === 'string' ? body.error : `http_${response.status}`,
        });
      return body;
    }
  }

  private send(
    url: string,
    args: Record<string, unknown>,
    authorised: boolean,
    encoding: 'json' | 'form' = 'json',
  ): Promise<PostResult> {
    const form = encoding === 'form';
    return httpPost(
      url,
      {
        'content-type': form
          ? 'application/x-www-form-urlencoded'
          : 'application/json; charset=utf-8',
        ...(authorised ? { authorization: `Bearer ${this.options.botToken}` } : {}),
      },
      form
        ? new URLSearchParams(
            Object.entries(args).map(([k, v]): [string, string] => [
              k,
              typeof v === 'string' ? v : JSON.stringify(v),
            ]),
          ).toString()
        : JSON.stringify(args),
      this.options.timeoutMs ?? 30_000,
    );
  }
}
