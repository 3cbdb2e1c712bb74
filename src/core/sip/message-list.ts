/**
 * The messages of an input as a list: each InputMessage is made when it is
 * asked for, a view of the input's MessageTable (see message-table.ts), and
 * not kept. Kept, the views cost an object and an array slot per message
 * (about 48 bytes): 38 MB for a capture of 800,000 messages, all of it
 * pointing back into the table that holds the facts.
 *
 * Readers take `InputMessages`, which a plain array of InputMessage is too
 * (a test's hand-made list, messages put together from several inputs).
 * Two reads of one message give two views that read the same facts, so a
 * message is told by its index, never by the identity of its view.
 */
import { InputMessage } from './input-message.js';
import type { MessageTable } from './message-table.js';

/** A read-only list of messages: what both MessageList and InputMessage[] offer. */
export interface InputMessages extends Iterable<InputMessage> {
  readonly length: number;
  /** Message `index` (counted from the end when negative), or undefined past either end. */
  at(index: number): InputMessage | undefined;
  forEach(each: (message: InputMessage, index: number) => void): void;
  map<T>(each: (message: InputMessage, index: number) => T): T[];
  some(test: (message: InputMessage, index: number) => unknown): boolean;
  every(test: (message: InputMessage, index: number) => unknown): boolean;
  filter(test: (message: InputMessage, index: number) => unknown): InputMessage[];
}

export class MessageList implements InputMessages {
  constructor(private readonly table: MessageTable) {}

  get length(): number {
    return this.table.length;
  }

  at(index: number): InputMessage | undefined {
    const i = index < 0 ? this.table.length + index : index;
    return i >= 0 && i < this.table.length ? InputMessage.of(this.table, i) : undefined;
  }

  *[Symbol.iterator](): Iterator<InputMessage> {
    for (let i = 0; i < this.table.length; i++) yield InputMessage.of(this.table, i);
  }

  forEach(each: (message: InputMessage, index: number) => void): void {
    for (let i = 0; i < this.table.length; i++) each(InputMessage.of(this.table, i), i);
  }

  map<T>(each: (message: InputMessage, index: number) => T): T[] {
    const out = new Array<T>(this.table.length);
    for (let i = 0; i < out.length; i++) out[i] = each(InputMessage.of(this.table, i), i);
    return out;
  }

  some(test: (message: InputMessage, index: number) => unknown): boolean {
    for (let i = 0; i < this.table.length; i++)
      if (test(InputMessage.of(this.table, i), i)) return true;
    return false;
  }

  every(test: (message: InputMessage, index: number) => unknown): boolean {
    for (let i = 0; i < this.table.length; i++)
      if (!test(InputMessage.of(this.table, i), i)) return false;
    return true;
  }

  filter(test: (message: InputMessage, index: number) => unknown): InputMessage[] {
    const out: InputMessage[] = [];
    for (let i = 0; i < this.table.length; i++) {
      const message = InputMessage.of(this.table, i);
      if (test(message, i)) out.push(message);
    }
    return out;
  }
}

/**
 * Message `index` of `messages` as `messages[index]` reads an array: nothing
 * for what is not an index (undefined, negative, fractional), where `at`
 * would give the first message or count from the end.
 */
export function messageAt(
  messages: InputMessages,
  index: number | undefined,
): InputMessage | undefined {
  return index !== undefined && Number.isInteger(index) && index >= 0
    ? messages.at(index)
    : undefined;
}
