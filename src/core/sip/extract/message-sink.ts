/** Collects extracted messages up to the message limit and remembers when more were found. */
import type { ExtractedMessage } from './extract-types.js';

export class MessageSink {
  readonly messages: ExtractedMessage[] = [];
  /** A message beyond the limit was found (and dropped); scanning should stop. */
  overflow = false;

  constructor(private readonly maxMessages: number) {}

  /** Adds `message`; false (and `overflow` set) when the limit is already reached. */
  add(message: ExtractedMessage): boolean {
    if (this.messages.length >= this.maxMessages) {
      this.overflow = true;
      return false;
    }
    this.messages.push(message);
    return true;
  }
}
