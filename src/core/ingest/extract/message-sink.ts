/** Collects extracted messages up to the message limit and remembers when more were found. */
import type { RawMessage } from '../raw-message.js';

export class MessageSink {
  readonly messages: RawMessage<string>[] = [];
  /** A message beyond the limit was found (and dropped); scanning should stop. */
  overflow = false;
  /** Things found that are not messages (HOMER summary rows), by reason. */
  readonly skipped: Record<string, number> = {};

  constructor(private readonly maxMessages: number) {}

  /** Adds `message`; false (and `overflow` set) when the limit is already reached. */
  add(message: RawMessage<string>): boolean {
    if (this.messages.length >= this.maxMessages) {
      this.overflow = true;
      return false;
    }
    this.messages.push(message);
    return true;
  }

  /** Counts `n` things skipped for `reason`. */
  skip(reason: string, n = 1): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + n;
  }
}
