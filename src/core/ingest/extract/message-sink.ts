/**
 * Collects extracted messages up to the message limit and remembers when
 * more were found, or hands each one on as it is found (see MessageConsumer).
 * Either way it keeps what the extractor reports about them all: the format
 * most came in and the ones cut short.
 */
import type { TextOrigin } from '../../sip/text-origin.js';
import type { MessageSource } from '../../sip/types.js';
import type { RawMessage } from '../raw-message.js';

/**
 * Takes each message as it is found, with where its text can be made again
 * when the extractor knows (`origin`; see TextOrigin): parseText parses it
 * at once, so that no text has to wait for the end of the paste.
 */
export type MessageConsumer = (message: RawMessage<string>, origin: TextOrigin | undefined) => void;

export class MessageSink {
  /** The messages found, in order; none when a consumer takes them. */
  readonly messages: RawMessage<string>[] = [];
  /** A message beyond the limit was found (and dropped); scanning should stop. */
  overflow = false;
  /** Things found that are not messages (HOMER summary rows), by reason. */
  readonly skipped: Record<string, number> = {};
  /** The sources of the messages found cut short, in order. */
  readonly truncated: MessageSource[] = [];
  /** The format most messages came in ("none" before the first); the first to lead keeps a tie. */
  format = 'none';
  private found = 0;
  private readonly formatCounts = new Map<string, number>();
  private formatCount = 0;

  constructor(
    readonly maxMessages: number,
    private readonly consume?: MessageConsumer,
  ) {}

  /** Whether `add` is given origins: only a consumer uses them. */
  get wantsOrigins(): boolean {
    return this.consume !== undefined;
  }

  /** How many messages were added. */
  get count(): number {
    return this.found;
  }

  /** Adds `message`; false (and `overflow` set) when the limit is already reached. */
  add(message: RawMessage<string>, origin?: TextOrigin): boolean {
    if (this.found >= this.maxMessages) {
      this.overflow = true;
      return false;
    }
    if (this.consume === undefined) this.messages.push(message);
    else this.consume(message, origin);
    // Counted once handed on: a consumer that threw did not take it.
    this.found++;
    const source = message.source;
    if (source.truncated) this.truncated.push(source);
    const format = source.format ?? 'raw';
    const count = (this.formatCounts.get(format) ?? 0) + 1;
    this.formatCounts.set(format, count);
    if (count > this.formatCount) {
      this.format = format;
      this.formatCount = count;
    }
    return true;
  }

  /** Counts `n` things skipped for `reason`. */
  skip(reason: string, n = 1): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + n;
  }
}
