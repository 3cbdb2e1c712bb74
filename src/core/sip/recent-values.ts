/**
 * Checks done lately, remembered with the text they were done on, for the
 * late checks a message runs when its problems are read: the Request-URI
 * (its parsed value, handed to the next request that carries the same
 * text) and Contact values found clean. A trace repeats itself: every
 * request of a dialog goes to the same target, a retransmission repeats
 * everything. Only results without a single issue are remembered, since
 * problems need the message's own line numbers; what a reader gets is what
 * a fresh parse gives (same text, same parser). A Request-URI handed out a
 * second time is frozen then, since two messages share it.
 *
 * Via, From, To and CSeq are not shared: they are parsed for every message.
 * The parser used to share them too (the message before's values, when of
 * the same call): that saved little parse work even call by call, and the
 * frozen shared values gave every reader of those values two object
 * shapes, which cost more than it saved. Measured when it went (warm, in
 * process, the parse-order corpus): parsing 4-9% faster call by call, 14%
 * faster in random order.
 *
 * A handful of entries, compared by length and two characters first and
 * then as strings (no hashing): enough for the dialogs a capture
 * interleaves at any moment, and a miss costs a few integer comparisons.
 * The remembered texts are slices of earlier messages, so at most a handful
 * of message texts are kept alive. Each parser state has its own
 * (parser-state.ts), so checks are shared between messages of one input only.
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
