/**
 * What a diagnosis card was made from, so its "Full JSON" button can read
 * it again. A pasted message or an attached file stays in Discord: the
 * button names the message (`msg:<channel>:<message>`) and it is fetched
 * back, after a restart too (a deleted message gets the core's "the traced
 * message is gone"). What was typed into `/sip-diagnose` exists nowhere in
 * Discord, so this process keeps it for a while (`cmd:<id>`, see
 * command-pastes.ts); a file given there is kept as its link, which
 * Discord lets expire after about a day.
 */
import type { Attachment } from '../../core/app/request.js';
import { isTraceFileName } from '../../core/commands/diagnose.js';
import { CommandPastes } from '../shared/command-pastes.js';
import { type DiscordFile, readMessage } from './discord-payloads.js';
import { type DiscordRest, routes } from './discord-rest.js';
import { unwrapDiscordPaste } from './discord-text.js';

export interface Source {
  text: string;
  attachments: Attachment[];
}

export function messageSource(channel: string, message: string): string {
  return `msg:${channel}:${message}`;
}

export class DiscordSources {
  private readonly pastes = new CommandPastes();

  constructor(
    private readonly rest: DiscordRest,
    private readonly attach: (file: DiscordFile) => Attachment,
  ) {}

  /** Keeps a command's trace and files; returns the button value that finds them again. */
  keep(text: string, files: readonly DiscordFile[] = []): string {
    return this.pastes.keep(JSON.stringify({ text, files }));
  }

  /** The text and files a button value names, or undefined when they are gone. */
  async read(value: string): Promise<Source | undefined> {
    const kept = /^cmd:([0-9a-f-]{36})$/.exec(value);
    if (kept) {
      const saved = this.pastes.get(kept[1] as string);
      if (saved === undefined) return undefined;
      const { text, files } = JSON.parse(saved) as { text: string; files: DiscordFile[] };
      return { text, attachments: files.map(this.attach) };
    }
    const ref = /^msg:(\d{1,20}):(\d{1,20})$/.exec(value);
    if (ref === null) return undefined;
    let fetched: unknown;
    try {
      fetched = await this.rest.get(routes.message(ref[1] as string, ref[2] as string));
    } catch {
      return undefined;
    }
    const message = readMessage(fetched);
    if (message === undefined) return undefined;
    return {
      text: unwrapDiscordPaste(message.content),
      attachments: message.attachments.filter((f) => isTraceFileName(f.filename)).map(this.attach),
    };
  }
}
