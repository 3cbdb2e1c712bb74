/**
 * The Slack face: a Bolt 5 app (the only file that loads @slack/bolt, and
 * only when started) over Socket Mode (an app token: no public URL) or HTTP
 * (`/slack/events`, signed requests, for replicas behind a load balancer).
 *
 * Every listener acknowledges first and works after, so Slack's 3-second
 * deadline never depends on a diagnosis. Retried events are answered once;
 * clicks on one message are applied one after another so its last edit shows
 * every tick; any failure is logged and told to the person in one line.
 */
import type { Server } from 'node:http';
import type { SlackConfig } from '../../config.js';
import type { Adapter, PlatformCapabilities } from '../../core/app/adapter.js';
import type { App as CoreApp } from '../../core/app/handle.js';
import type { Picture } from '../../core/app/policy.js';
import type { AppRequest } from '../../core/app/request.js';
import { DEFAULT_LIMITS, type SipLimits } from '../../core/sip/types.js';
import { errorContext, type Logger, logs } from '../../logger.js';
import { CommandPastes } from '../shared/command-pastes.js';
import { KeyedQueue } from '../shared/keyed-queue.js';
import { withOperatorPolicy } from '../shared/operator-policy.js';
import { SeenRecently } from '../shared/seen-recently.js';
import { isLookup } from '../shared/split-app.js';
import { ChatStartError } from '../shared/start-error.js';
import { type SlackFile, slackAttachment } from './slack-files.js';
import { SlackOutbox, type SlackTrigger, slackErrorCode } from './slack-outbox.js';
import {
  fromBlockAction,
  fromMessageEvent,
  fromShortcut,
  fromSlashCommand,
  type Incoming,
  obj,
  skipMessage,
  slackFiles,
  str,
} from './slack-payloads.js';
import { messageSource, readSource } from './slack-sources.js';
import { unescapeSlack } from './slack-text.js';
import { SlackApiError, SlackWebApi } from './slack-web-api.js';

export const SLACK_CAPABILITIES: PlatformCapabilities = {
  threads: true,
  ephemeral: true,
  buttons: true,
  fileUpload: true,
  updates: true,
  maxMessageChars: 40_000,
  maxUploadBytes: 1024 * 1024 * 1024,
};

/** The message shortcut's callback id (manifest.yml). */
export const SHORTCUT_CALLBACK_ID = 'diagnose_sip_trace';

export interface SlackAdapterOptions {
  config: SlackConfig;
  app: CoreApp;
  logger: Logger;
  /** Parsing limits (SIP_MAX_*); `maxInputBytes` also caps each download. */
  limits?: Partial<SipLimits>;
  /** The files a diagnosis comes with (SIP_PICTURES); undefined: the core's chat default. */
  pictures?: readonly Picture[];
  /** Web API retries; Slack's client retries for half an hour by default, too long for a chat answer. */
  retries?: number;
  /**
   * Where traces are worked out and their answers sent: the core's worker
   * threads (a WorkerApp made with `slackSender`). Lookups are answered by
   * `app` and sent from this thread; without `remote`, everything is.
   */
  remote?: { handleAndDeliver(request: AppRequest, target: unknown): Promise<void> };
  /** Known bot identity: skips `auth.test` (tests, or a deployment that pins it). */
  botUserId?: string;
  botId?: string;
  /** Waits between the start's `auth.test` attempts, in milliseconds (default 1 s, then 3 s). */
  identifyRetryMs?: readonly number[];
}

/** The bot could not start on Slack (see ChatStartError). */
export class SlackStartError extends ChatStartError {
  override name = 'SlackStartError';
}

export class SlackAdapter implements Adapter {
  readonly name = 'slack';
  readonly capabilities = SLACK_CAPABILITIES;
  private bolt: import('@slack/bolt').App | undefined;
  private server: Server | undefined;
  private socketClient: { on(event: string, f: () => void): unknown } | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly seen = new SeenRecently();
  private readonly clicks = new KeyedQueue();
  private readonly pastes = new CommandPastes();
  private outbox: SlackOutbox | undefined;
  private api: SlackWebApi | undefined;
  private botUserId: string | undefined;

  constructor(private readonly options: SlackAdapterOptions) {
    this.botUserId = options.botUserId;
  }

  /**
   * Who the bot is, by auth.test, tried again after a pause when Slack
   * cannot be reached (a network blip at start); a refused token is final.
   */
  private async identify(api: SlackWebApi): Promise<{ userId: string; botId: string | undefined }> {
    const waits = this.options.identifyRetryMs ?? [1000, 3000];
    const where = this.options.config.apiUrl ?? 'https://slack.com/api/';
    for (let attempt = 0; ; attempt++) {
      try {
        return await api.whoAmI();
      } catch (error) {
        // Slack's own error code (invalid_auth, token_revoked...) is final; an HTTP status
        // without one (a 503 from a proxy, rate limited) is tried again like a network error.
        if (error instanceof SlackApiError && !error.data.error.startsWith('http_'))
          throw new SlackStartError(
            `Slack refused the bot token (auth.test: ${error.data.error}): check SLACK_BOT_TOKEN (xoxb-...) and that the app is installed in the workspace.`,
          );
        const wait = waits[attempt];
        if (wait === undefined)
          throw new SlackStartError(
            `Slack's Web API at ${where} could not be reached or did not answer (${error instanceof Error ? error.message : String(error)}): check the network${this.options.config.apiUrl !== undefined ? ' and SLACK_API_URL' : ''}.`,
          );
        this.options.logger.warn('slack: auth.test failed, trying again', {
          error: error instanceof Error ? error.message : String(error),
          waitMs: wait,
        });
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  /** Socket Mode or HTTP, as configured. */
  get mode(): 'socket' | 'http' {
    return this.options.config.appToken !== undefined ? 'socket' : 'http';
  }

  /** The HTTP server (HTTP mode), once started: its address has the port. */
  get httpServer(): Server | undefined {
    return this.server;
  }

  async start(): Promise<void> {
    const { App, HTTPReceiver, SocketModeReceiver, LogLevel } = await import('@slack/bolt');
    const { config, logger } = this.options;
    const boltLogger = bridgeLogger(logger, LogLevel);
    const clientOptions = {
      ...(config.apiUrl !== undefined ? { slackApiUrl: config.apiUrl } : {}),
      retryConfig: { retries: this.options.retries ?? 3 },
    };
    const receiver =
      config.appToken !== undefined
        ? new SocketModeReceiver({
            appToken: config.appToken,
            logger: boltLogger,
            // Its own copy: the receiver writes its retry policy into the object it is given.
            installerOptions: { clientOptions: { ...clientOptions } },
          })
        : new HTTPReceiver({
            signingSecret: config.signingSecret ?? '',
            endpoints: '/slack/events',
            logger: boltLogger,
            processBeforeResponse: false,
            customRoutes: [
              {
                path: '/healthz',
                method: ['GET'],
                handler: (_req, res) => {
                  res.writeHead(200, { 'content-type': 'text/plain' });
                  res.end('ok\n');
                },
              },
            ],
          });
    this.api = new SlackWebApi({
      botToken: config.botToken,
      ...(config.apiUrl !== undefined ? { apiUrl: config.apiUrl } : {}),
      retries: this.options.retries ?? 3,
    });
    // Our own auth.test, awaited: Bolt's would run unawaited and, should Slack be unreachable
    // or the token refused, end the process with an unhandled rejection some seconds later.
    const identity =
      this.options.botUserId !== undefined
        ? { userId: this.options.botUserId, botId: this.options.botId }
        : await this.identify(this.api);
    this.botUserId = identity.userId;
    const bolt = new App({
      token: config.botToken,
      receiver,
      // No conversation store: the bot keeps no per-conversation state in Bolt (a lookup per event saved).
      convoStore: false,
      logger: boltLogger,
      clientOptions: { ...clientOptions },
      tokenVerificationEnabled: false,
      botUserId: identity.userId,
      botId: identity.botId ?? identity.userId,
    });
    this.bolt = bolt;
    this.outbox = new SlackOutbox(this.api, {
      response: config.response,
      warn: (message, context) => logger.warn(message, context),
    });
    this.listen(bolt);

    if (receiver instanceof SocketModeReceiver) {
      this.socketClient = receiver.client as unknown as typeof this.socketClient;
      await bolt.start();
    } else {
      this.server = (await bolt.start(config.port)) as Server;
    }
    logger.info('slack adapter started', {
      mode: this.mode,
      ...(this.server ? { port: portOf(this.server) } : {}),
      watch: config.watch,
    });
  }

  async stop(): Promise<void> {
    const bolt = this.bolt;
    if (bolt === undefined) return;
    this.bolt = undefined;
    const disconnected =
      this.socketClient === undefined
        ? Promise.resolve()
        : new Promise<void>((resolve) => this.socketClient?.on('disconnected', resolve));
    await bolt.stop();
    await Promise.race([disconnected, delay(5_000)]);
    // Finish what was acknowledged: the people who asked are waiting for it.
    await Promise.race([Promise.allSettled([...this.inFlight]), delay(10_000)]);
  }

  /** Resolves when every answer started so far has been sent (tests and the bench). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private listen(bolt: import('@slack/bolt').App): void {
    const { config, logger } = this.options;

    // A retried event (X-Slack-Retry-Num, the same event_id) was already answered.
    bolt.use(async ({ body, context, next }) => {
      const b = obj(body);
      const eventId = str(b?.event_id);
      const event = obj(b?.event);
      const key =
        eventId ?? (event && str(event.ts) ? `${str(event.channel)}:${str(event.ts)}` : undefined);
      if (key !== undefined && this.seen.check(key)) {
        logger.debug('slack event delivered again; answered once already', {
          key,
          retry: context.retryNum,
        });
        return;
      }
      if (context.botUserId !== undefined) this.botUserId ??= context.botUserId;
      await next();
    });

    bolt.command('/sip', async ({ body, ack }) => {
      await ack();
      const incoming = fromSlashCommand(body);
      if (incoming === undefined || incoming.request.type !== 'command') return;
      // A pasted trace lives only in this command: keep it for the card's "Full JSON".
      const text = incoming.request.text;
      const source = /SIP\/2\.0/i.test(text) ? this.pastes.keep(text) : undefined;
      this.answer('answer /sip', {
        request: incoming.request,
        trigger: { ...incoming.trigger, ...(source !== undefined ? { source } : {}) },
      });
    });

    bolt.event('message', async ({ event, context }) => {
      const e = obj(event);
      if (e === undefined) return;
      const skip = skipMessage(e, config.watch, context.botUserId ?? this.botUserId);
      if (skip !== undefined) {
        logger.debug('slack message not for the bot', { reason: skip });
        return;
      }
      const incoming = fromMessageEvent(
        e,
        (f) => this.attach(f),
        context.botUserId ?? this.botUserId,
      );
      if (incoming === undefined) return;
      incoming.trigger.source = messageSource(incoming.trigger.channel, incoming.trigger.ts ?? '');
      this.answer('diagnose the message', incoming);
    });

    bolt.shortcut(SHORTCUT_CALLBACK_ID, async ({ body, ack }) => {
      await ack();
      const incoming = fromShortcut(body, (f) => this.attach(f));
      if (incoming === undefined) return;
      incoming.trigger.source = messageSource(incoming.trigger.channel, incoming.trigger.ts ?? '');
      this.answer('diagnose that message', incoming);
    });

    bolt.action(/^sip-triage:/, async ({ body, ack }) => {
      await ack();
      const parsed = fromBlockAction(body);
      if (parsed === undefined) return;
      const trigger = parsed.trigger;
      // Clicks on one message run in order, each on the state the previous one left.
      const key = `${trigger.channel}:${trigger.ts}`;
      this.work('do that', trigger, (t) =>
        this.clicks.run(key, async () => {
          for (const request of parsed.requests) {
            const full =
              request.type === 'action' && request.action.id === 'full-json'
                ? await this.withSource(request)
                : request;
            await this.respondTo(full, t);
          }
        }),
      );
    });

    bolt.error(async (error) => {
      logger.error('slack listener failed', errorContext(error));
    });
  }

  /** Answers a request in the background, where its trigger says. */
  private answer(what: string, incoming: Incoming): void {
    this.work(what, incoming.trigger, (trigger) => this.respondTo(incoming.request, trigger));
  }

  /** The core's answer, under this workspace's parsing limits and pictures, sent where `trigger` says. */
  private async respondTo(request: AppRequest, trigger: SlackTrigger): Promise<void> {
    const limited = withOperatorPolicy(request, this.options);
    // A trace goes to a worker thread when there are some, which also posts the answer;
    // a lookup is quicker answered here than sent there.
    if (this.options.remote !== undefined && !isLookup(limited))
      return this.options.remote.handleAndDeliver(limited, trigger);
    await this.outbox?.send(await this.options.app.handle(limited), trigger);
  }

  /** A "Full JSON" click: the request again with the text and files the card was made from. */
  private async withSource(request: AppRequest): Promise<AppRequest> {
    if (request.type !== 'action') return request;
    const ref = readSource(request.action.value);
    if (ref === undefined) return request;
    if (ref.kind === 'command') {
      const text = this.pastes.get(ref.id);
      return text === undefined ? request : { ...request, text };
    }
    const message = obj(await this.api?.fetchMessage(ref.channel, ref.ts));
    if (message === undefined) return request;
    return {
      ...request,
      text: unescapeSlack(str(message.text) ?? ''),
      attachments: slackFiles(message.files).map((f) => this.attach(f)),
    };
  }

  private attach(file: SlackFile) {
    const { config, limits } = this.options;
    const trusted = config.apiUrl !== undefined ? [new URL(config.apiUrl).host.toLowerCase()] : [];
    return slackAttachment(file, {
      botToken: config.botToken,
      trustedHosts: trusted,
      maxBytes: limits?.maxInputBytes ?? DEFAULT_LIMITS.maxInputBytes,
    });
  }

  /** Runs acknowledged work in the background; a failure is logged and told to the person. */
  private work(
    what: string,
    trigger: SlackTrigger,
    task: (t: SlackTrigger) => Promise<void>,
  ): void {
    const done = (async () => {
      try {
        await task(trigger);
      } catch (error) {
        this.options.logger.error(`slack: could not ${what}`, {
          ...errorContext(error),
          channel: trigger.channel,
          kind: trigger.kind,
        });
        await this.tellFailure(what, trigger, error);
      }
    })();
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  private async tellFailure(what: string, trigger: SlackTrigger, error: unknown): Promise<void> {
    const code = slackErrorCode(error);
    const why =
      code !== undefined
        ? `Slack answered "${code.slice(0, 120)}"`
        : 'of an error in the bot or on its way to Slack';
    const text = `sip-triage could not ${what} because ${why}. Try again in a moment; if it keeps failing, the bot's log has the details.`;
    const blocks = [{ type: 'section', text: { type: 'plain_text', text, emoji: false } }];
    try {
      if (trigger.responseUrl !== undefined)
        await this.api?.respond(trigger.responseUrl, {
          response_type: 'ephemeral',
          replace_original: false,
          text,
          blocks,
        });
      else
        await this.api?.postEphemeral({
          channel: trigger.channel,
          user: trigger.user,
          ...((trigger.threadTs ?? trigger.ts)
            ? { thread_ts: trigger.threadTs ?? trigger.ts }
            : {}),
          text,
          blocks: blocks as never,
        });
    } catch (second) {
      this.options.logger.warn('slack: could not tell the person either', errorContext(second));
    }
  }
}

function portOf(server: Server): number | undefined {
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : undefined;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Bolt's logger interface on top of ours: its lines become JSON lines with
 * source "slack". Bolt and the Web API client log whole payloads at debug
 * level; below our level nothing is formatted at all.
 */
function bridgeLogger(
  logger: Logger,
  levels: typeof import('@slack/bolt').LogLevel,
): import('@slack/bolt').Logger {
  const line = (parts: unknown[]): string =>
    parts
      .map((p) => (typeof p === 'string' ? p : p instanceof Error ? p.message : JSON.stringify(p)))
      .join(' ');
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...m: unknown[]) => {
      if (logs(logger, level)) logger[level](line(m), { source: 'slack' });
    };
  const ours = logger.level === 'silent' ? 'error' : logger.level;
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    // Bolt asks before building its debug lines; the answer is our level, whatever it sets.
    setLevel: () => undefined,
    getLevel: () => levels[ours.toUpperCase() as keyof typeof levels],
    setName: () => undefined,
  };
}
