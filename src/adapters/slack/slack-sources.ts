/**
 * What a diagnosis card was made from, so its "Full JSON" button can read
 * it again. A pasted message or a shared file stays in Slack: the button
 * names it (`msg:<channel>:<ts>`) and the adapter fetches it back, after a
 * restart too. A paste typed after `/sip` exists nowhere in Slack, so this
 * process keeps the text for a while (`cmd:<id>`), bounded in count and
 * bytes; after a restart the button says the trace is gone.
 */
import { randomUUID } from 'node:crypto';

export type SourceRef =
  | { kind: 'message'; channel: string; ts: string }
  | { kind: 'command'; id: string };

const MESSAGE = /^msg:([A-Z0-9]+):(\d+\.\d+)$/;
const COMMAND = /^cmd:([0-9a-f-]{36})$/;

export function messageSource(channel: string, ts: string): string {
  return `msg:${channel}:${ts}`;
}

export function readSource(value: string): SourceRef | undefined {
  const message = MESSAGE.exec(value);
  if (message) return { kind: 'message', channel: message[1] as string, ts: message[2] as string };
  const command = COMMAND.exec(value);
  if (command) return { kind: 'command', id: command[1] as string };
  return undefined;
}

/** Slash-command pastes, newest kept: at most `maxEntries` of them and `maxChars` characters in all. */
export class CommandPastes {
  private readonly texts = new Map<string, string>();
  private chars = 0;

  constructor(
    private readonly maxEntries = 200,
    private readonly maxChars = 32 * 1024 * 1024,
  ) {}

  /** Keeps a pasted text and returns the button value that finds it again. */
  keep(text: string): string {
    const id = randomUUID();
    this.texts.set(id, text);
    this.chars += text.length;
    for (const [oldest, kept] of this.texts) {
      if (this.texts.size <= this.maxEntries && this.chars <= this.maxChars) break;
      this.texts.delete(oldest);
      this.chars -= kept.length;
    }
    return `cmd:${id}`;
  }

  get(id: string): string | undefined {
    return this.texts.get(id);
  }
}
