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
 * the message part that holds the ladder: the PNG is shown inside the
 * ladder's embed (`image: attachment://call-flow.png`), each file carries
 * its title as its description (alt text), and a file that would break
 * Discord's limits (10 files a message, the upload size) is left out with
 * a line in the message saying so.
 */
import type { OutgoingFile, OutgoingMessage, Reply } from '../../core/app/reply.js';
import type { Card } from '../../core/card.js';
import { plainText } from '../../core/inline.js';
import { escapeDiscord } from '../../core/render/discord/escape.js';
import {
  type DiscordEmbed,
  type DiscordMessage,
  renderDiscord,
} from '../../core/render/discord/render-embeds.js';
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

/** Files one message may carry (Discord's limit). */
export const MAX_FILES_PER_MESSAGE = 10;
/** Discord's default upload limit for one file (servers without boosts). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Bytes of files in one message: Discord refuses a request over 25 MB; the rest is room for the JSON. */
export const MAX_MESSAGE_FILE_BYTES = 24_000_000;
/** An attachment's description (alt text) holds this many characters. */
const MAX_DESCRIPTION = 1024;
/** Pictures Discord shows inside an embed. */
const EMBEDDABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

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
      state === undefined ? 0 : 1,
    );
    // The state rides with the buttons (first part); the other files where placeFiles put them.
    const bodies = parts.map((part, i) => ({
      body: messageBody(part, i === filesAt ? left : []),
      files: [...(i === 0 && state !== undefined ? [state] : []), ...(i === filesAt ? files : [])],
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

interface PartFile extends RestFile {
  /** Alt text: what the file is, for people and screen readers. */
  description?: string;
}

interface Part {
  body: Body;
  files: PartFile[];
}

/**
 * Where a card's files go: the part whose embed shows the picture (the
 * ladder's last embed, else the last embed of the last part), or the last
 * part when there is no picture to show. Files over Discord's limits are
 * left out and named in `left`. `taken` files already ride on the first
 * part (the state). Returns the parts with the picture set on its embed;
 * the rendered parts themselves (maybe shared) are not changed.
 */
function placeFiles(
  rendered: DiscordMessage[],
  card: Card,
  given: OutgoingFile[],
  onlyFirst: boolean,
  taken: number,
): { parts: DiscordMessage[]; filesAt: number; files: PartFile[]; left: string[] } {
  const parts = onlyFirst ? rendered.slice(0, 1) : rendered;
  const last = Math.max(0, parts.length - 1);
  if (given.length === 0) return { parts, filesAt: last, files: [], left: [] };
  const image = given.find((f) => EMBEDDABLE.has(f.contentType) && attachable(f.name));
  const shownAt = image === undefined ? undefined : ladderEmbed(parts, card);
  const filesAt = shownAt?.part ?? last;
  const { files, left } = fitFiles(given, filesAt === 0 ? taken : 0);
  const shown = image !== undefined && files.some((f) => f.name === image.name);
  if (!shown || image === undefined) return { parts, filesAt, files, left };
  const part = parts[filesAt] as DiscordMessage;
  const embedAt = shownAt?.embed ?? part.embeds.length - 1;
  if (embedAt < 0) return { parts, filesAt, files, left };
  const embeds = part.embeds.map((embed, i): DiscordEmbed & { image?: { url: string } } =>
    i === embedAt ? { ...embed, image: { url: `attachment://${image.name}` } } : embed,
  );
  return {
    parts: parts.map((p, i) => (i === filesAt ? { ...p, embeds } : p)),
    filesAt,
    files,
    left,
  };
}

/** The part and index of the ladder section's last embed, when the card has a ladder. */
function ladderEmbed(
  parts: DiscordMessage[],
  card: Card,
): { part: number; embed: number } | undefined {
  const section = card.sections.find((s) => s.id === 'ladder');
  if (section === undefined) return undefined;
  const title = escapeDiscord(section.heading);
  let found: { part: number; embed: number } | undefined;
  for (const [p, part] of parts.entries())
    for (const [e, embed] of part.embeds.entries())
      if (embed.title === title || embed.title === `${title} (continued)`)
        found = { part: p, embed: e };
  return found;
}

/** The files that fit one message beside `taken` others, in order; the names of those that do not. */
function fitFiles(given: OutgoingFile[], taken: number): { files: PartFile[]; left: string[] } {
  const files: PartFile[] = [];
  const left: string[] = [];
  let bytes = 0;
  for (const file of given) {
    const size =
      typeof file.content === 'string' ? Buffer.byteLength(file.content) : file.content.byteLength;
    if (
      taken + files.length >= MAX_FILES_PER_MESSAGE ||
      size > MAX_FILE_BYTES ||
      bytes + size > MAX_MESSAGE_FILE_BYTES
    ) {
      left.push(file.name);
      continue;
    }
    bytes += size;
    files.push(toPartFile(file));
  }
  return { files, left };
}

/** Discord finds `attachment://name` only for plain names (letters, digits, dot, dash, underscore). */
function attachable(name: string): boolean {
  return /^[\w.-]+$/.test(name);
}

function messageBody(message: DiscordMessage, left: string[]): Body {
  const note =
    left.length === 0
      ? undefined
      : `Not attached, over Discord's upload limits: ${left.join(', ')}`;
  const content = [message.content, note].filter((c) => c !== undefined).join('\n');
  return {
    ...(content !== '' ? { content: content.slice(0, 2000) } : {}),
    embeds: message.embeds,
    components: message.components ?? [],
    allowed_mentions: { parse: [] },
  };
}

/** Declares the files sent with a message (`attachments` by upload index, with their alt text). */
function withAttachments(body: Body, files: PartFile[], replace = false): Body {
  if (files.length === 0 && !replace) return body;
  return {
    ...body,
    attachments: files.map((f, id) => ({
      id,
      filename: f.name,
      ...(f.description !== undefined ? { description: f.description } : {}),
    })),
  };
}

function toPartFile(file: OutgoingFile): PartFile {
  return {
    name: file.name,
    data: file.content,
    contentType: file.contentType,
    ...(file.title !== undefined ? { description: file.title.slice(0, MAX_DESCRIPTION) } : {}),
  };
}

/** Thread names hold 100 characters; inline marks and mention syntax are dropped. */
function threadName(name: string | undefined): string {
  const clean = (name ?? 'SIP diagnosis')
    .replace(/[*`<>@]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return (clean || 'SIP diagnosis').slice(0, 100);
}
