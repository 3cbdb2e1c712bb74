/**
 * The Discord face: a discord.js 14 gateway client (the only file that
 * loads discord.js, and only when started) plus, with DISCORD_PUBLIC_KEY,
 * the HTTP interactions endpoint. Both hand the same raw interaction JSON
 * to one handler, so a slash command or a click behaves the same whichever
 * way Discord delivered it; channel messages come from the gateway.
 *
 * Discord wants an initial response to every interaction within 3 s. A
 * lookup usually answers in milliseconds, so it is sent as the response
 * itself; anything that may take longer (a diagnosis, or a lookup that has
 * not answered in 1.5 s) is deferred first and edited in. Clicks on one
 * message run one after another, so its last edit shows every tick; any
 * failure is logged and told to the person in one line.
 */
import type { Server } from 'node:http';
import type { DiscordConfig } from '../../config.js';
import type { Adapter, PlatformCapabilities } from '../../core/app/adapter.js';
import type { App as CoreApp } from '../../core/app/handle.js';
import type { Picture } from '../../core/app/policy.js';
import type { Reply } from '../../core/app/reply.js';
import type { AppRequest, Attachment, Origin } from '../../core/app/request.js';
import { isTraceFileName } from '../../core/commands/diagnose.js';
import { DEFAULT_LIMITS, type SipLimits } from '../../core/sip/types.js';
import { errorContext, type Logger } from '../../logger.js';
import { KeyedQueue } from '../shared/keyed-queue.js';
import { withOperatorPolicy } from '../shared/operator-policy.js';
import { SeenRecently } from '../shared/seen-recently.js';
import { ChatStartError } from '../shared/start-error.js';
import { clickedActions, selectOptions } from './discord-clicks.js';
import { COMMAND_NAMES } from './discord-commands.js';
import { DiscordFileError, discordAttachment } from './discord-files.js';
import { createInteractionServer } from './discord-http.js';
import { DiscordOutbox, type DiscordTarget, STATE_FILE } from './discord-outbox.js';
import {
  type DiscordFile,
  type DiscordInteraction,
  type DiscordMessage,
  readInteraction,
  readMessage,
  skipMessage,
} from './discord-payloads.js';
import {
  Callback,
  type DiscordRest,
  discordErrorCode,
  discordErrorHint,
  discordErrorStatus,
  EPHEMERAL,
  routes,
} from './discord-rest.js';
import { DiscordSources, messageSource } from './discord-sources.js';
import { unwrapDiscordPaste } from './discord-text.js';
import { discordRestAgent } from './rest-agent.js';

export const DISCORD_CAPABILITIES: PlatformCapabilities = {
  threads: true,
  ephemeral: true,
  buttons: true,
  fileUpload: true,
  updates: true,
  maxMessageChars: 2_000,
  maxUploadBytes: 10 * 1024 * 1024,
};

/** A lookup that has not answered in this long is deferred (Discord's deadline is 3 s). */
const ANSWER_IN_TIME_MS = 1_500;
/** A checklist's state file is small; anything bigger is not ours. */
const MAX_STATE_BYTES = 64 * 1024;

export interface DiscordAdapterOptions {
  config: DiscordConfig;
  app: CoreApp;
  logger: Logger;
  /** Parsing limits (SIP_MAX_*); `maxInputBytes` also caps each download. */
  limits?: Partial<SipLimits>;
  /** The files a diagnosis comes with (SIP_PICTURES); undefined: the core's chat default. */
  pictures?: readonly Picture[];
  /** REST retries on network errors and 5xx (a 429 is always waited out, never retried blindly). */
  retries?: number;
}

type Interaction = Exclude<DiscordInteraction, { kind: 'ping' } | { kind: 'unknown' }>;
type Initial = (body: { type: number; data?: unknown }) => Promise<void>;

export class DiscordAdapter implements Adapter {
  readonly name = 'discord';
  readonly capabilities = DISCORD_CAPABILITIES;
  private client: import('discord.js').Client | undefined;
  private server: Server | undefined;
  private rest: DiscordRest | undefined;
  private interactionRest: DiscordRest | undefined;
  private agent: { close(): Promise<void> } | undefined;
  private outbox: DiscordOutbox | undefined;
  private botUserId: string | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly seen = new SeenRecently();
  private readonly clicks = new KeyedQueue();
  private sources: DiscordSources | undefined;

  constructor(private readonly options: DiscordAdapterOptions) {}

  /** The HTTP interactions endpoint, once started (with DISCORD_PUBLIC_KEY): its address has the port. */
  get httpServer(): Server | undefined {
    return this.server;
  }

  /** The gateway client, once started (tests read its shard and user). */
  get gateway(): import('discord.js').Client | undefined {
    return this.client;
  }

  async start(): Promise<void> {
    const { Client, Events, GatewayIntentBits, REST } = await import('discord.js');
    const { config, logger } = this.options;
    const agent = discordRestAgent();
    this.agent = agent;
    const client = new Client({
      intents: [
        GatewayIntentBits.Guilds,
        GatewayIntentBits.GuildMessages,
        GatewayIntentBits.MessageContent,
      ],
      // Echoed text can never ping anyone, whatever it says.
      allowedMentions: { parse: [], repliedUser: false },
      rest: {
        ...(config.apiUrl !== undefined ? { api: config.apiUrl } : {}),
        retries: this.options.retries ?? 2,
        timeout: 15_000,
        agent: agent as never,
      },
    });
    this.client = client;
    this.rest = client.rest as unknown as DiscordRest;
    // Interaction callbacks and follow-ups carry their own token and are outside the bot's
    // global limit: their own client, so @discordjs/rest does not count them against it.
    const interactionRest = new REST({
      ...(config.apiUrl !== undefined ? { api: config.apiUrl } : {}),
      retries: this.options.retries ?? 2,
      timeout: 15_000,
      globalRequestsPerSecond: 10_000,
      agent: agent as never,
    });
    this.interactionRest = interactionRest as unknown as DiscordRest;
    this.outbox = new DiscordOutbox(this.rest, this.interactionRest, {
      warn: (message, context) => logger.warn(message, context),
    });
    this.sources = new DiscordSources(this.rest, (f) => this.attach(f));
    // @discordjs/rest waits limits out (never retries blindly); the log says why an answer was slow.
    for (const rest of [client.rest, interactionRest])
      rest.on('rateLimited', (info) =>
        logger.warn('discord rate limit: waiting', {
          route: info.route,
          global: info.global,
          waitMs: info.timeToReset,
        }),
      );
    client.on(Events.Raw, (packet: { t?: unknown; d?: unknown }) => {
      if (packet.t === 'INTERACTION_CREATE')
        this.onInteraction(packet.d, (body) => this.callback(packet.d, body));
      else if (packet.t === 'MESSAGE_CREATE') this.onMessage(packet.d);
    });
    client.on(Events.Error, (error) => logger.error('discord client error', errorContext(error)));
    client.on(Events.ShardError, (error, shard) =>
      logger.warn('discord gateway connection error', { ...errorContext(error), shard }),
    );
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    try {
      await client.login(config.token);
    } catch (error) {
      // A client left logged half in keeps the process up; the start is over either way.
      await client.destroy();
      throw loginFailure(error, config.apiUrl);
    }
    await ready;
    this.botUserId = client.user?.id;

    // Under the ShardingManager every shard runs this; one endpoint is enough: shard 0's.
    const shards = client.options.shards;
    const servesHttp = !Array.isArray(shards) || shards.includes(0);
    if (config.publicKey !== undefined && servesHttp) {
      this.server = createInteractionServer({
        publicKey: config.publicKey,
        onInteraction: (payload, respond) => this.onInteraction(payload, respond),
        onError: (error) => logger.warn('discord: bad interaction request', errorContext(error)),
      });
      await new Promise<void>((resolve, reject) => {
        this.server?.once('error', reject);
        this.server?.listen(config.port, () => resolve());
      });
    }
    logger.info('discord adapter started', {
      user: this.botUserId,
      shards: client.options.shards,
      ...(this.server ? { port: portOf(this.server) } : {}),
      watch: config.watch,
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    if (client === undefined) return;
    this.client = undefined;
    const server = this.server;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
    // Finish what was acknowledged before the connection goes: people are waiting for it.
    await Promise.race([Promise.allSettled([...this.inFlight]), delay(10_000)]);
    await client.destroy();
    await this.agent?.close();
  }

  /** Resolves when every answer started so far has been sent (tests and the bench). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** The gateway's initial response: the interaction callback over REST. */
  private async callback(payload: unknown, body: { type: number; data?: unknown }): Promise<void> {
    const i = payload as { id?: unknown; token?: unknown };
    if (typeof i.id !== 'string' || typeof i.token !== 'string') return;
    await this.interactionRest?.post(routes.callback(i.id, i.token), { body, auth: false });
  }

  /** One interaction, from the gateway or the HTTP endpoint; `initial` sends its first response. */
  private onInteraction(payload: unknown, initial: Initial): void {
    const interaction = readInteraction(payload);
    if (interaction.kind === 'ping') {
      void initial({ type: Callback.pong });
      return;
    }
    if (interaction.kind === 'unknown') {
      this.options.logger.debug('discord interaction not handled', { type: interaction.type });
      return;
    }
    // The gateway may deliver an interaction again after a resume: answer it once.
    if (this.seen.check(`i:${interaction.id}`)) return;
    const target: Extract<DiscordTarget, { kind: 'interaction' }> = {
      kind: 'interaction',
      id: interaction.id,
      token: interaction.token,
      applicationId: interaction.applicationId,
      channelId: interaction.channelId,
      inThread: interaction.inThread,
      initial,
    };
    switch (interaction.kind) {
      case 'autocomplete':
        this.work('suggest', target, () => this.suggest(interaction, initial));
        return;
      case 'command':
        this.work(`answer /${interaction.command}`, target, (t) => this.command(interaction, t));
        return;
      case 'message-command':
        this.work('diagnose that message', target, (t) => this.messageCommand(interaction, t));
        return;
      case 'component':
        this.work('do that', target, (t) => this.component(interaction, t));
        return;
    }
  }

  private async suggest(
    interaction: Extract<Interaction, { kind: 'autocomplete' }>,
    initial: Initial,
  ): Promise<void> {
    const reply = await this.options.app.handle({
      type: 'command',
      command: 'suggest',
      text: interaction.focused.slice(0, 100),
      origin: origin(interaction),
    });
    const data = reply.messages[0]?.card.data as { choices?: unknown } | undefined;
    const choices = Array.isArray(data?.choices) ? data.choices.slice(0, 25) : [];
    await initial({ type: Callback.autocomplete, data: { choices } });
  }

  private async command(
    interaction: Extract<Interaction, { kind: 'command' }>,
    target: Extract<DiscordTarget, { kind: 'interaction' }>,
  ): Promise<void> {
    if (interaction.command === COMMAND_NAMES.diagnose) {
      const trace = unwrapDiscordPaste(interaction.options.trace ?? '');
      const files = Object.values(interaction.files);
      await this.defer(target);
      target.source = this.sources?.keep(trace, files);
      return this.respond(
        {
          type: 'command',
          command: 'diagnose',
          text: trace,
          attachments: files.map((f) => this.attach(f)),
          origin: origin(interaction),
        },
        target,
      );
    }
    const text = unwrapDiscordPaste(interaction.options.query ?? '');
    if (/SIP\/2\.0/i.test(text)) target.source = this.sources?.keep(text);
    const request: AppRequest = { type: 'command', text, origin: origin(interaction) };
    // Answer directly when the core is quick (a lookup); defer when it is not.
    const answer = this.handle(request);
    const late = delay(ANSWER_IN_TIME_MS).then(() => 'late' as const);
    if ((await Promise.race([answer, late])) === 'late') await this.defer(target);
    await this.outbox?.send(await answer, target);
  }

  private async messageCommand(
    interaction: Extract<Interaction, { kind: 'message-command' }>,
    target: Extract<DiscordTarget, { kind: 'interaction' }>,
  ): Promise<void> {
    await this.defer(target);
    const message = interaction.target;
    target.source = messageSource(message.channelId, message.id);
    return this.respond(
      {
        type: 'command',
        command: 'diagnose',
        text: unwrapDiscordPaste(message.content),
        attachments: message.attachments.map((f) => this.attach(f)),
        origin: { ...origin(interaction), message: message.id },
      },
      target,
    );
  }

  private async component(
    interaction: Extract<Interaction, { kind: 'component' }>,
    target: Extract<DiscordTarget, { kind: 'interaction' }>,
  ): Promise<void> {
    // A click leaves the message as it is until the answer edits it or posts another.
    const initial = target.initial;
    target.initial = undefined;
    await initial?.({ type: Callback.deferredUpdate });
    const parsed = /^st:([a-z-]+):(.*)$/s.exec(interaction.customId);
    if (parsed === null) return;
    const message = interaction.message;
    target.clickedMessage = message.id;
    const actions = clickedActions(
      parsed[1] as string,
      parsed[2] as string,
      interaction.values,
      selectOptions(message.components, interaction.customId),
    );
    await this.clicks.run(message.id, async () => {
      const state = await this.readState(message);
      for (const action of actions) {
        let request: AppRequest = {
          type: 'action',
          action: {
            id: action.id,
            value: action.value,
            message: message.id,
            ...(state !== undefined ? { state } : {}),
          },
          origin: { ...origin(interaction), message: message.id },
        };
        if (action.id === 'full-json') request = await this.withSource(request);
        await this.respond(request, target);
      }
    });
  }

  /** A channel message: diagnosed in a thread on it when it holds SIP or a trace file. */
  private onMessage(payload: unknown): void {
    const message = readMessage(payload);
    if (message === undefined) return;
    const skip = skipMessage(message, this.options.config.watch, this.botUserId);
    if (skip !== undefined) {
      this.options.logger.debug('discord message not for the bot', { reason: skip });
      return;
    }
    if (this.seen.check(`m:${message.id}`)) return;
    const files = message.attachments.filter((f) => isTraceFileName(f.filename));
    const text = unwrapDiscordPaste(message.content);
    if (files.length === 0 && !/SIP\/2\.0/i.test(text)) return;
    const target: DiscordTarget = {
      kind: 'message',
      channelId: message.channelId,
      messageId: message.id,
      inThread: this.isThread(message.channelId),
      source: messageSource(message.channelId, message.id),
    };
    // Downloads start now: Discord's file links expire.
    const attachments = files.map((f) => this.attach(f));
    this.work('diagnose the message', target, (t) =>
      this.respond(
        {
          type: 'message',
          text,
          attachments,
          origin: {
            platform: 'discord',
            user: { id: message.author.id, name: message.author.name },
            conversation: message.channelId,
            message: message.id,
          },
        },
        t,
      ),
    );
  }

  private isThread(channelId: string): boolean {
    const channel = this.client?.channels.cache.get(channelId);
    return channel?.isThread() ?? false;
  }

  /** The deferred initial response ("sip-triage is thinking..."), when none was sent yet. */
  private async defer(target: Extract<DiscordTarget, { kind: 'interaction' }>): Promise<void> {
    const initial = target.initial;
    if (initial === undefined) return;
    target.initial = undefined;
    target.deferred = true;
    await initial({ type: Callback.deferredMessage });
  }

  /** The core's answer under the operator's parsing limits and pictures. */
  private handle(request: AppRequest): Promise<Reply> {
    return this.options.app.handle(withOperatorPolicy(request, this.options));
  }

  private async respond(request: AppRequest, target: DiscordTarget): Promise<void> {
    await this.outbox?.send(await this.handle(request), target);
  }

  /** A "Full JSON" click: the request again with the text and files the card was made from. */
  private async withSource(request: AppRequest): Promise<AppRequest> {
    if (request.type !== 'action') return request;
    const source = await this.sources?.read(request.action.value);
    return source === undefined ? request : { ...request, ...source };
  }

  /** The checklist state the clicked message carries in its state file. */
  private async readState(message: DiscordMessage): Promise<string | undefined> {
    const file = message.attachments.find((f) => f.filename === STATE_FILE);
    if (file === undefined) return undefined;
    const attachment = discordAttachment(file, {
      trustedHosts: this.trustedHosts(),
      maxBytes: MAX_STATE_BYTES,
    });
    const chunks: Uint8Array[] = [];
    for await (const chunk of attachment.open()) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8').trim();
  }

  private attach(file: DiscordFile): Attachment {
    return discordAttachment(file, {
      trustedHosts: this.trustedHosts(),
      maxBytes: this.options.limits?.maxInputBytes ?? DEFAULT_LIMITS.maxInputBytes,
    });
  }

  private trustedHosts(): string[] {
    const api = this.options.config.apiUrl;
    return api !== undefined ? [new URL(api).host.toLowerCase()] : [];
  }

  /** Runs work in the background; a failure is logged and told to the person. */
  private work<T extends DiscordTarget>(
    what: string,
    target: T,
    task: (t: T) => Promise<void>,
  ): void {
    const done = (async () => {
      try {
        await task(target);
      } catch (error) {
        this.options.logger.error(`discord: could not ${what}`, {
          ...errorContext(error),
          channel: target.channelId,
          kind: target.kind,
        });
        await this.tellFailure(what, target, error);
      }
    })();
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
  }

  private async tellFailure(what: string, target: DiscordTarget, error: unknown): Promise<void> {
    const code = discordErrorCode(error);
    const status = discordErrorStatus(error);
    const hint = discordErrorHint(code);
    const why =
      error instanceof DiscordFileError
        ? `the file could not be read: ${error.message}`
        : code !== undefined && code !== 0
          ? `Discord answered with error ${code}`
          : status !== undefined
            ? `Discord answered with HTTP ${status}`
            : 'of an error in the bot or on its way to Discord';
    const next =
      hint !== undefined
        ? `: ${hint}.`
        : ". Try again in a moment; if it keeps failing, the bot's log has the details.";
    const content = `sip-triage could not ${what} because ${why}${next}`;
    const body = { content, flags: EPHEMERAL, allowed_mentions: { parse: [] } };
    try {
      if (target.kind === 'message') {
        await this.rest?.post(routes.messages(target.channelId), {
          body: {
            content,
            allowed_mentions: { parse: [] },
            message_reference: { message_id: target.messageId, fail_if_not_exists: false },
          },
        });
      } else if (target.initial !== undefined) {
        const initial = target.initial;
        target.initial = undefined;
        await initial({ type: Callback.message, data: body });
      } else {
        await this.interactionRest?.post(routes.followUp(target.applicationId, target.token), {
          body,
          auth: false,
        });
      }
    } catch (second) {
      this.options.logger.warn('discord: could not tell the person either', errorContext(second));
    }
  }
}

function origin(interaction: Interaction): Origin {
  return {
    platform: 'discord',
    user: { id: interaction.user.id, name: interaction.user.name },
    conversation: interaction.channelId,
  };
}

function portOf(server: Server): number | undefined {
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : undefined;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Why the login failed, as ChatStartError says it: a refused token, or an API not reached. */
function loginFailure(error: unknown, apiUrl: string | undefined): ChatStartError {
  const { code, status, message } = error as {
    code?: unknown;
    status?: unknown;
    message?: unknown;
  };
  const reason = typeof message === 'string' ? message : String(error);
  if (code === 'TokenInvalid' || status === 401)
    return new ChatStartError(
      `Discord refused the bot token (${reason}): check DISCORD_TOKEN (the Bot page's token, not the application's public key or client secret).`,
    );
  return new ChatStartError(
    `Discord's API${apiUrl !== undefined ? ` at ${apiUrl}` : ''} could not be reached or did not let the bot in (${reason}): check the network${apiUrl !== undefined ? ' and DISCORD_API_URL' : ''}, and the bot's intents in the developer portal.`,
  );
}
