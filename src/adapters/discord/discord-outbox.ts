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
 *
 * A diagnosis's other files (the call-flow PNG, the HTML report) ride on
 * the message part that holds the ladder (discord-attachments.ts). They are
 * drawn after the card is ready, and the card does not wait: every card of
 * the reply is sent first, then each card's part is edited to add its
 * pictures when they are ready (the PNG shown in the ladder's embed), the
 * edit listing the attachments the message keeps (its state) besides the
 * new ones. A picture that could not be drawn becomes a "No picture: ..."
 * line in that message, where the picture would have been (the card itself
 * can no longer change under the reader); an edit Discord refuses is
 * logged, and a one-line note beside the card says what is missing.
 */
import type { OutgoingMessage, PendingFiles, Reply } from '../../core/app/reply.js';
import type { Card } from '../../core/card.js';
import { plainText } from '../../core/inline.js';
import { type DiscordMessage, renderDiscord } from '../../core/render/discord/render-embeds.js';
import { withSource } from '../shared/full-json-source.js';
import {
  type Body,
  fileNotes,
  type KeptAttachment,
  keptAttachments,
  messageBody,
  messageId,
  type PartFile,
  placeFiles,
  withAddedAttachments,
  withAttachments,
} from './discord-attachments.js';
import {
  Callback,
  type DiscordRest,
  discordErrorCode,
  discordErrorHint,
  EPHEMERAL,
  type RestRequest,
  routes,
} from './discord-rest.js';

export {
  MAX_FILE_BYTES,
  MAX_FILES_PER_MESSAGE,
  MAX_MESSAGE_FILE_BYTES,
} from './discord-attachments.js';

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

export interface DiscordOutboxOptions {
  /** Logs what went wrong without failing the answer (pictures not drawn, an edit refused). */
  warn?: (message: string, context: Record<string, unknown>) => void;
}

interface Part {
  body: Body;
  files: PartFile[];
}

/** A part as sent: how to edit it, and the attachments it carries (an edit must list them to keep them). */
interface SentPart {
  edit(request: RestRequest): Promise<unknown>;
  kept: KeptAttachment[];
}

/** A card as sent: its parts in order, and how to post a line beside it. */
interface SentCard {
  parts: SentPart[];
  note(content: string): Promise<unknown>;
}

type InteractionTarget = Extract<DiscordTarget, { kind: 'interaction' }>;
type MessageTarget = Extract<DiscordTarget, { kind: 'message' }>;

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
    private readonly options: DiscordOutboxOptions = {},
  ) {}

  /** Sends every card of the reply, then adds each card's pending files as they are ready. */
  async send(reply: Reply, target: DiscordTarget): Promise<void> {
    const later: (() => Promise<void>)[] = [];
    for (const out of reply.messages) {
      const follow = await this.sendOne(out, target);
      if (follow !== undefined) later.push(follow);
    }
    for (const follow of later) await follow();
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

  /** Sends one card; returns what adds its pending files to it, when it has some. */
  private async sendOne(
    out: OutgoingMessage,
    target: DiscordTarget,
  ): Promise<(() => Promise<void>) | undefined> {
    const rendered = this.render(withSource(out.card, target.source));
    const state: PartFile | undefined =
      out.state !== undefined
        ? { name: STATE_FILE, data: out.state, contentType: 'text/plain' }
        : undefined;
    // An update edits one message: everything rides on it.
    const onlyFirst = out.placement.kind === 'update' && target.kind === 'interaction';
    const { parts, filesAt, files, left } = placeFiles(
      rendered,
      out.card,
      out.files,
      onlyFirst,
      (part) => (part === 0 && state !== undefined ? 1 : 0),
    );
    // The state rides with the buttons (first part); the other files where placeFiles put them.
    const bodies = parts.map((part, i) => ({
      body: messageBody(part, i === filesAt ? fileNotes(left) : []),
      files: [...(i === 0 && state !== undefined ? [state] : []), ...(i === filesAt ? files : [])],
    }));
    const sent = await this.place(out, target, bodies);
    const later = out.later;
    if (later === undefined) return undefined;
    const shown = onlyFirst ? rendered.slice(0, 1) : rendered;
    return () => this.addLater(out.card, shown, sent, later);
  }

  /** Sends the parts where the placement and target say. */
  private async place(
    out: OutgoingMessage,
    target: DiscordTarget,
    bodies: Part[],
  ): Promise<SentCard> {
    const ephemeral = out.visibility === 'ephemeral';
    if (target.kind === 'message')
      return this.toThread(
        { ...target, threadName: target.threadName ?? plainText(out.card.title) },
        bodies,
      );
    if (out.placement.kind === 'update') return this.update(target, bodies[0], ephemeral);
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

  /**
   * Adds a card's pending files to the part placeFiles picks (the ladder's),
   * by editing it, once they are made; a picture not drawn is a line there.
   */
  private async addLater(
    card: Card,
    rendered: DiscordMessage[],
    sent: SentCard,
    later: PendingFiles,
  ): Promise<void> {
    // `ready` never rejects; should it still, that is one more reason for no picture.
    const { files: made, failures } = await later.ready.catch((error: unknown) => ({
      files: [],
      failures: [error instanceof Error ? error.message : String(error)],
    }));
    if (failures.length > 0)
      this.options.warn?.('discord: a picture of an answer could not be drawn', { failures });
    const { parts, filesAt, files, left } = placeFiles(
      rendered,
      card,
      made,
      false,
      (part) => sent.parts[part]?.kept.length ?? 0,
    );
    const part = sent.parts[filesAt];
    const shown = parts[filesAt];
    if (part === undefined || shown === undefined) return;
    const notes = fileNotes(left, failures);
    if (files.length === 0 && notes.length === 0) return;
    try {
      await part.edit({
        body: withAddedAttachments(messageBody(shown, notes), part.kept, files),
        files,
      });
    } catch (error) {
      const code = discordErrorCode(error);
      const names = made.map((f) => f.name);
      this.options.warn?.('discord: could not add the pictures to an answer', {
        error: error instanceof Error ? error.message : String(error),
        ...(code !== undefined ? { code } : {}),
        files: names,
      });
      const hint = discordErrorHint(code);
      const why =
        code !== undefined && code !== 0
          ? `Discord answered with error ${code}${hint !== undefined ? ` (${hint})` : ''}`
          : 'of an error on the way to Discord';
      const what = names.length > 0 ? names.join(', ') : 'the picture';
      await sent
        .note(
          `sip-triage could not add ${what} to the answer above because ${why}; the bot's log has the details.`.slice(
            0,
            2000,
          ),
        )
        .catch((second: unknown) =>
          this.options.warn?.('discord: could not tell the channel either', {
            error: second instanceof Error ? second.message : String(second),
          }),
        );
    }
  }

  /** The first part answers the interaction; the rest follow up. */
  private async answer(
    target: InteractionTarget,
    bodies: Part[],
    ephemeral: boolean,
  ): Promise<SentCard> {
    const flags = ephemeral ? { flags: EPHEMERAL } : {};
    const original = this.original(target);
    const parts: SentPart[] = [];
    const card: SentCard = { parts, note: (content) => this.followUp(target, content, flags) };
    const [first, ...rest] = bodies;
    if (first === undefined) return card;
    const initial = target.initial;
    target.initial = undefined;
    if (initial !== undefined && first.files.length === 0) {
      await initial({ type: Callback.message, data: { ...first.body, ...flags } });
      parts.push({ edit: original, kept: [] });
    } else if (initial !== undefined || target.deferred === true) {
      // Files cannot ride on every kind of initial response: defer, then edit with them.
      if (initial !== undefined) await initial({ type: Callback.deferredMessage, data: flags });
      target.deferred = false;
      const message = await original({
        body: withAttachments(first.body, first.files),
        files: first.files,
      });
      parts.push({ edit: original, kept: keptAttachments(message) });
    } else {
      parts.push(await this.postFollowUp(target, first, flags));
    }
    for (const part of rest) parts.push(await this.postFollowUp(target, part, flags));
    return card;
  }

  /** Edits of the interaction's original message (its token is in the path). */
  private original(target: InteractionTarget): (request: RestRequest) => Promise<unknown> {
    return (request) =>
      this.interactions.patch(routes.original(target.applicationId, target.token), {
        ...request,
        auth: false,
      });
  }

  private async postFollowUp(
    target: InteractionTarget,
    part: Part,
    flags: Body,
  ): Promise<SentPart> {
    const message = await this.interactions.post(
      routes.followUp(target.applicationId, target.token),
      {
        body: { ...withAttachments(part.body, part.files), ...flags },
        files: part.files,
        query: new URLSearchParams({ wait: 'true' }),
        auth: false,
      },
    );
    const id = messageId(message);
    return {
      edit: (request) =>
        id === undefined
          ? Promise.reject(new Error('Discord gave no id for the follow-up to edit'))
          : this.interactions.patch(routes.webhookMessage(target.applicationId, target.token, id), {
              ...request,
              auth: false,
            }),
      kept: keptAttachments(message),
    };
  }

  private followUp(target: InteractionTarget, content: string, flags: Body): Promise<unknown> {
    return this.interactions.post(routes.followUp(target.applicationId, target.token), {
      body: { content, allowed_mentions: { parse: [] }, ...flags },
      auth: false,
    });
  }

  /** Edits the clicked message (the adapter acknowledged the click with a deferred update). */
  private async update(
    target: InteractionTarget,
    part: Part | undefined,
    ephemeral: boolean,
  ): Promise<SentCard> {
    const flags = ephemeral ? { flags: EPHEMERAL } : {};
    const original = this.original(target);
    const card: SentCard = { parts: [], note: (content) => this.followUp(target, content, flags) };
    if (part === undefined) return card;
    // `attachments` lists what the message keeps: only the new files, so the old state goes.
    const message = await original({
      body: withAttachments(part.body, part.files, true),
      files: part.files,
    });
    card.parts.push({ edit: original, kept: keptAttachments(message) });
    return card;
  }

  /** Posts in a thread on the message (made here unless it exists), or in the thread it is in. */
  private async toThread(target: MessageTarget, bodies: Part[]): Promise<SentCard> {
    const channel = target.inThread ? target.channelId : await this.threadOn(target);
    const parts: SentPart[] = [];
    for (const part of bodies) {
      const message = await this.rest.post(routes.messages(channel), {
        body: withAttachments(part.body, part.files),
        files: part.files,
      });
      const id = messageId(message);
      parts.push({
        edit: (request) =>
          id === undefined
            ? Promise.reject(new Error('Discord gave no id for the message to edit'))
            : this.rest.patch(routes.message(channel, id), request),
        kept: keptAttachments(message),
      });
    }
    return {
      parts,
      note: (content) =>
        this.rest.post(routes.messages(channel), {
          body: { content, allowed_mentions: { parse: [] } },
        }),
    };
  }

  private async threadOn(target: MessageTarget): Promise<string> {
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

/** Thread names hold 100 characters; inline marks and mention syntax are dropped. */
function threadName(name: string | undefined): string {
  const clean = (name ?? 'SIP diagnosis')
    .replace(/[*`<>@]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return (clean || 'SIP diagnosis').slice(0, 100);
}
