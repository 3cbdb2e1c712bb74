/**
 * The core's reply, sent to Discord. A reply is one or more cards; each
 * card is rendered as Discord messages (embeds split within every limit,
 * buttons on the first part) and sent where its placement says:
 *
 *   interaction  the first part answers it (the initial response when the
 *                answer came in time, else the edit of the deferred reply),
 *                the other parts follow up; ephemeral where the card asks
 *   message      a thread on the pasted message, made here (or the thread
 *                that already exists on it: error 160004, or the message is
 *                in a thread), the parts posted in it
 *   update       the message a button was clicked on, edited
 *
 * A card's state (a checklist) travels in the message as a small text
 * file, `sip-triage-state.txt`: Discord has no hidden message metadata, and
 * a file keeps any size of state out of the visible text. A click reads it
 * back (see the adapter); a restart loses nothing.
 */
import type { OutgoingFile, OutgoingMessage, Reply } from '../../core/app/reply.js';
import type { Card } from '../../core/card.js';
import { plainText } from '../../core/inline.js';
import { type DiscordMessage, renderDiscord } from '../../core/render/discord/render-embeds.js';
import { withSource } from '../shared/full-json-source.js';
import {
  Callback,
  type DiscordRest,
  discordErrorCode,
  EPHEMERAL,
  type RestFile,
  routes,
} from './discord-rest.js';

export const STATE_FILE = 'sip-triage-state.txt';

/** Where a reply goes: an interaction (command or click) or a pasted message. */
export type DiscordTarget =
  | {
      kind: 'interaction';
      id: string;
      token: string;
      applicationId: string;
      channelId: string;
      inThread: boolean;
      /** A click: the message it was on (threads start there; updates edit it). */
      clickedMessage?: string;
      /**
       * Sends the initial response (a callback body): over REST for the
       * gateway, as the HTTP response for the interactions endpoint.
       * Undefined once it has been sent.
       */
      initial?: (body: { type: number; data?: unknown }) => Promise<void>;
      /** The initial response was a deferred reply ("thinking..."): the first part fills it in. */
      deferred?: boolean;
      /** What "Full JSON" on a diagnosis card should read again. */
      source?: string;
    }
  | {
      kind: 'message';
      channelId: string;
      messageId: string;
      inThread: boolean;
      /** Thread name: what the message was about. */
      threadName?: string;
      source?: string;
    };

type Body = Record<string, unknown>;

export class DiscordOutbox {
  private readonly rendered = new WeakMap<Card, DiscordMessage[]>();
  /**
   * `rest` posts as the bot (threads, channel messages); `interactions`
   * answers interactions (webhook edits and follow-ups), which Discord does
   * not count against the bot's global 50 requests a second, so a burst of
   * long answers never holds up a thread elsewhere.
   */
  constructor(
    private readonly rest: DiscordRest,
    private readonly interactions: DiscordRest = rest,
  ) {}

  async send(reply: Reply, target: DiscordTarget): Promise<void> {
    for (const out of reply.messages) await this.sendOne(out, target);
  }

  /** Embeds of the shared (frozen) knowledge cards, rendered once each (see explain-cache.ts). */
  private render(card: Card): DiscordMessage[] {
    if (!Object.isFrozen(card)) return renderDiscord(card);
    let parts = this.rendered.get(card);
    if (parts === undefined) {
      parts = renderDiscord(card);
      this.rendered.set(card, parts);
    }
    return parts;
  }

  private async sendOne(out: OutgoingMessage, target: DiscordTarget): Promise<void> {
    const parts = this.render(withSource(out.card, target.source));
    const files = out.files.map(toRestFile);
    const state =
      out.state !== undefined
        ? { name: STATE_FILE, data: out.state, contentType: 'text/plain' }
        : undefined;
    // The state rides with the buttons (first part); other files come with the last part.
    const bodies = parts.map((part, i) => ({
      body: messageBody(part),
      files: [
        ...(i === 0 && state !== undefined ? [state] : []),
        ...(i === parts.length - 1 ? files : []),
      ],
    }));
    const ephemeral = out.visibility === 'ephemeral';
    if (target.kind === 'message')
      return this.toThread(
        { ...target, threadName: target.threadName ?? plainText(out.card.title) },
        bodies,
      );
    if (out.placement.kind === 'update') return this.update(target, bodies[0]);
    // A click in a channel opens a thread on the clicked message; in a thread, the answer follows up there.
    if (
      out.placement.kind === 'thread' &&
      target.clickedMessage !== undefined &&
      !target.inThread &&
      !ephemeral
    )
      return this.toThread(
        {
          kind: 'message',
          channelId: target.channelId,
          messageId: target.clickedMessage,
          inThread: target.inThread,
          threadName: plainText(out.card.title),
        },
        bodies,
      );
    return this.answer(target, bodies, ephemeral);
  }

  /** The first part answers the interaction; the rest follow up. */
  private async answer(
    target: Extract<DiscordTarget, { kind: 'interaction' }>,
    bodies: Part[],
    ephemeral: boolean,
  ): Promise<void> {
    const flags = ephemeral ? { flags: EPHEMERAL } : {};
    const [first, ...rest] = bodies;
    if (first === undefined) return;
    const initial = target.initial;
    target.initial = undefined;
    if (initial !== undefined && first.files.length === 0) {
      await initial({ type: Callback.message, data: { ...first.body, ...flags } });
    } else if (initial !== undefined || target.deferred === true) {
      // Files cannot ride on every kind of initial response: defer, then edit with them.
      if (initial !== undefined) await initial({ type: Callback.deferredMessage, data: flags });
      target.deferred = false;
      await this.interactions.patch(routes.original(target.applicationId, target.token), {
        body: withAttachments(first.body, first.files),
        files: first.files,
        auth: false,
      });
    } else {
      await this.interactions.post(routes.followUp(target.applicationId, target.token), {
        body: { ...withAttachments(first.body, first.files), ...flags },
        files: first.files,
        query: new URLSearchParams({ wait: 'true' }),
        auth: false,
      });
    }
    for (const part of rest)
      await this.interactions.post(routes.followUp(target.applicationId, target.token), {
        body: { ...withAttachments(part.body, part.files), ...flags },
        files: part.files,
        query: new URLSearchParams({ wait: 'true' }),
        auth: false,
      });
  }

  /** Edits the clicked message (the adapter acknowledged the click with a deferred update). */
  private async update(
    target: Extract<DiscordTarget, { kind: 'interaction' }>,
    part: Part | undefined,
  ): Promise<void> {
    if (part === undefined) return;
    // `attachments` lists what the message keeps: only the new files, so the old state goes.
    await this.interactions.patch(routes.original(target.applicationId, target.token), {
      body: withAttachments(part.body, part.files, true),
      files: part.files,
      auth: false,
    });
  }

  /** Posts in a thread on the message (made here unless it exists), or in the thread it is in. */
  private async toThread(
    target: Extract<DiscordTarget, { kind: 'message' }>,
    bodies: Part[],
  ): Promise<void> {
    const channel = target.inThread ? target.channelId : await this.threadOn(target);
    for (const part of bodies)
      await this.rest.post(routes.messages(channel), {
        body: withAttachments(part.body, part.files),
        files: part.files,
      });
  }

  private async threadOn(target: Extract<DiscordTarget, { kind: 'message' }>): Promise<string> {
    try {
      const thread = (await this.rest.post(routes.threadFrom(target.channelId, target.messageId), {
        body: { name: threadName(target.threadName), auto_archive_duration: 1440 },
      })) as { id?: unknown };
      return typeof thread.id === 'string' ? thread.id : target.messageId;
    } catch (error) {
      // 160004: a thread already exists on that message; a thread started on a message has its id.
      if (discordErrorCode(error) === 160004) return target.messageId;
      // 50024: no threads in this kind of channel (a thread itself, a voice chat): answer in it.
      if (discordErrorCode(error) === 50024) return target.channelId;
      throw error;
    }
  }
}

interface Part {
  body: Body;
  files: RestFile[];
}

function messageBody(message: DiscordMessage): Body {
  return {
    ...(message.content !== undefined ? { content: message.content } : {}),
    embeds: message.embeds,
    components: message.components ?? [],
    allowed_mentions: { parse: [] },
  };
}

/** Declares the files sent with a message (`attachments` by upload index). */
function withAttachments(body: Body, files: RestFile[], replace = false): Body {
  if (files.length === 0 && !replace) return body;
  return { ...body, attachments: files.map((f, id) => ({ id, filename: f.name })) };
}

function toRestFile(file: OutgoingFile): RestFile {
  return { name: file.name, data: file.content, contentType: file.contentType };
}

/** Thread names hold 100 characters; inline marks and mention syntax are dropped. */
function threadName(name: string | undefined): string {
  const clean = (name ?? 'SIP diagnosis')
    .replace(/[*`<>@]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return (clean || 'SIP diagnosis').slice(0, 100);
}
