/**
 * Header values parsed lately, shared with the next messages that carry the
 * same text. A trace repeats itself: every message of a dialog carries the
 * same From, a response copies its request's Via lines, a retransmission
 * repeats everything. When a value parsed without a single issue, its result
 * is remembered with its text; a later message whose value is the same text
 * gets the same result back instead of parsing it again, and from then on
 * the result is frozen, since two messages share it (freezing only what is
 * shared keeps the cost off the values nobody repeats). What
 * a reader sees is what a fresh parse gives (same text, same parser); values
 * with issues are never remembered, since their problems need the message's
 * own line numbers.
 *
 * A handful of entries per header, compared by length and two characters
 * first and then as strings (no hashing): enough for the dialogs a capture
 * interleaves at any moment, and a miss costs a few integer comparisons.
 * The remembered texts are slices of earlier messages, so at most a handful
 * of message texts per header are kept alive. Each parser state has its own
 * (parser-state.ts), so values are shared between messages of one input only.
 */
const ENTRIES = 8;

export class RecentValues<T> {
  private readonly keys: string[] = new Array<string>(ENTRIES).fill('');
  private readonly results: (T | undefined)[] = new Array<T | undefined>(ENTRIES).fill(undefined);
  private readonly shared: boolean[] = new Array<boolean>(ENTRIES).fill(false);
  private next = 0;

  /** `freeze` makes a result immutable, deeply, the first time it is handed out again. */
  constructor(private readonly freeze: (result: T) => void) {}

  /** The result remembered for `value`, if any. */
  find(value: string): T | undefined {
    const length = value.length;
    if (length === 0) return undefined;
    // Values of one header often have the same length and differ near their end (tags,
    // branches, ports): two characters there rule most of them out before a full compare.
    const last = value.charCodeAt(length - 1);
    const before = value.charCodeAt(length >> 1);
    const keys = this.keys;
    // Newest first: a repeated value is most often the one just seen.
    for (let n = 0, i = this.next; n < ENTRIES; n++) {
      i = i === 0 ? ENTRIES - 1 : i - 1;
      const key = keys[i] as string;
      if (
        key.length === length &&
        key.charCodeAt(length - 1) === last &&
        key.charCodeAt(length >> 1) === before &&
        key === value
      ) {
        const result = this.results[i] as T;
        if (!this.shared[i]) {
          this.freeze(result);
          this.shared[i] = true;
        }
        return result;
      }
    }
    return undefined;
  }

  /** Remembers `result` for the value `key`, in place of the oldest entry. */
  add(key: string, result: T): void {
    this.keys[this.next] = key;
    this.results[this.next] = result;
    this.shared[this.next] = false;
    this.next = (this.next + 1) % ENTRIES;
  }

  clear(): void {
    this.keys.fill('');
    this.results.fill(undefined);
    this.shared.fill(false);
    this.next = 0;
  }
}

/** Freezes a parsed SIP URI and the records it holds. */
export function freezeUri<U extends { params: object; headers: object }>(uri: U): U {
  Object.freeze(uri.params);
  Object.freeze(uri.headers);
  return Object.freeze(uri);
}

/** Freezes a parsed Via value. */
export function freezeVia<V extends { params: object }>(via: V): V {
  Object.freeze(via.params);
  return Object.freeze(via);
}
