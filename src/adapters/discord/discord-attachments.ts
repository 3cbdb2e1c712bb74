/**
 * Where a card's files go among its Discord message parts, and how a
 * message body declares them. The picture is shown inside the ladder's
 * embed (`image: attachment://call-flow.png`), each file carries its title
 * as its description (alt text), and a file that would break Discord's
 * limits (10 files a message, the upload size) is left out with a line in
 * the message saying so. Pure functions: discord-outbox.ts sends.
 */
import type { OutgoingFile } from '../../core/app/reply.js';
import type { Card } from '../../core/card.js';
import { escapeDiscord } from '../../core/render/discord/escape.js';
import type { DiscordEmbed, DiscordMessage } from '../../core/render/discord/render-embeds.js';
import type { RestFile } from './discord-rest.js';

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

export type Body = Record<string, unknown>;

export interface PartFile extends RestFile {
  /** Alt text: what the file is, for people and screen readers. */
  description?: string;
}

/** An attachment a sent message already carries (Discord's id for it). */
export interface KeptAttachment {
  id: string;
  filename: string;
}

/**
 * Where a card's files go: the part whose embed shows the picture (the
 * ladder's last embed, else the last embed of the last part), or the last
 * part when there is no picture to show. Files over Discord's limits are
 * left out and named in `left`. `taken(part)` files already ride on a part
 * (the state on the first). Returns the parts with the picture set on its
 * embed; the rendered parts themselves (maybe shared) are not changed.
 */
export function placeFiles(
  rendered: DiscordMessage[],
  card: Card,
  given: OutgoingFile[],
  onlyFirst: boolean,
  taken: (part: number) => number,
): { parts: DiscordMessage[]; filesAt: number; files: PartFile[]; left: string[] } {
  const parts = onlyFirst ? rendered.slice(0, 1) : rendered;
  const last = Math.max(0, parts.length - 1);
  if (given.length === 0) return { parts, filesAt: last, files: [], left: [] };
  const image = given.find((f) => EMBEDDABLE.has(f.contentType) && attachable(f.name));
  const shownAt = image === undefined ? undefined : ladderEmbed(parts, card);
  const filesAt = shownAt?.part ?? last;
  const { files, left } = fitFiles(given, taken(filesAt));
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

/** The lines a message part adds below its own content: files left out, pictures not drawn. */
export function fileNotes(left: readonly string[], failures: readonly string[] = []): string[] {
  return [
    ...(left.length > 0 ? [`Not attached, over Discord's upload limits: ${left.join(', ')}`] : []),
    ...(failures.length > 0 ? [`No picture: ${failures.join(' ')}`] : []),
  ];
}

export function messageBody(message: DiscordMessage, notes: readonly string[]): Body {
  const content = [message.content, ...notes].filter((c) => c !== undefined).join('\n');
  return {
    ...(content !== '' ? { content: content.slice(0, 2000) } : {}),
    embeds: message.embeds,
    components: message.components ?? [],
    allowed_mentions: { parse: [] },
  };
}

/** Declares the files sent with a message (`attachments` by upload index, with their alt text). */
export function withAttachments(body: Body, files: PartFile[], replace = false): Body {
  if (files.length === 0 && !replace) return body;
  return { ...body, attachments: files.map(declared) };
}

/**
 * The body of an edit that adds `files` to a message: on an edit,
 * `attachments` lists every attachment the message keeps (by id) as well
 * as the new uploads (by index); one left out of the list is removed.
 */
export function withAddedAttachments(
  body: Body,
  kept: readonly KeptAttachment[],
  files: PartFile[],
): Body {
  return { ...body, attachments: [...kept.map((a) => ({ id: a.id })), ...files.map(declared)] };
}

function declared(file: PartFile, id: number): Record<string, unknown> {
  return {
    id,
    filename: file.name,
    ...(file.description !== undefined ? { description: file.description } : {}),
  };
}

/** The attachments of a message object Discord answered with (none when it gave no message). */
export function keptAttachments(message: unknown): KeptAttachment[] {
  const list = (message as { attachments?: unknown } | undefined)?.attachments;
  if (!Array.isArray(list)) return [];
  return list.flatMap((a: unknown) => {
    const { id, filename } = (a ?? {}) as { id?: unknown; filename?: unknown };
    return typeof id === 'string' && typeof filename === 'string' ? [{ id, filename }] : [];
  });
}

/** The id of a message object Discord answered with. */
export function messageId(message: unknown): string | undefined {
  const id = (message as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

function toPartFile(file: OutgoingFile): PartFile {
  return {
    name: file.name,
    data: file.content,
    contentType: file.contentType,
    ...(file.title !== undefined ? { description: file.title.slice(0, MAX_DESCRIPTION) } : {}),
  };
}
