/**
 * Texts pasted after a slash command (`/sip <trace>`), kept so the card's
 * "Full JSON" button can read them again: such a paste exists nowhere on
 * the platform. Bounded in count and characters; after a restart they are
 * gone and the button says so.
 */
import { randomUUID } from 'node:crypto';

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
