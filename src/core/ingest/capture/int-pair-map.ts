/**
 * A map from a pair of 32-bit integers (an IPv4 address and a port) to a
 * value, in typed arrays with open addressing. Why not a Map: an IPv4
 * address above 63.255.255.255 (or address and port as one number) is
 * outside V8's small-integer range, so each lookup in a Map boxes the key
 * and hashes a heap number; on a 50,000-packet capture, the address book's
 * Map lookups were about 2% of the main thread. Here a lookup is a
 * multiply, a shift and an integer compare or two.
 *
 * Bounded: once it holds `limit` entries the next `set` empties it first
 * (a capture of more distinct endpoints only repeats some allocations).
 */
export class IntPairMap<T> {
  private bits: number;
  private firsts: Int32Array;
  private seconds: Int32Array;
  private values: (T | undefined)[];
  private count = 0;

  constructor(
    private readonly limit: number,
    initialBits = 6,
  ) {
    this.bits = initialBits;
    this.firsts = new Int32Array(1 << initialBits);
    this.seconds = new Int32Array(1 << initialBits);
    this.values = new Array<T | undefined>(1 << initialBits).fill(undefined);
  }

  get size(): number {
    return this.count;
  }

  /** The slot of (a, b), or of the empty slot where it would go. */
  private slot(a: number, b: number): number {
    const mask = (1 << this.bits) - 1;
    let i = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b) >>> (32 - this.bits);
    const values = this.values;
    while (values[i] !== undefined && (this.firsts[i] !== a || this.seconds[i] !== b))
      i = (i + 1) & mask;
    return i;
  }

  /** `a` and `b` are taken as 32-bit integers (`x | 0`). */
  get(a: number, b: number): T | undefined {
    return this.values[this.slot(a | 0, b | 0)];
  }

  set(a: number, b: number, value: T): void {
    const first = a | 0;
    const second = b | 0;
    let i = this.slot(first, second);
    if (this.values[i] === undefined) {
      if (this.count >= this.limit) {
        this.clear();
        i = this.slot(first, second);
      } else if ((this.count + 1) * 2 > 1 << this.bits) {
        this.grow();
        i = this.slot(first, second);
      }
      this.count++;
      this.firsts[i] = first;
      this.seconds[i] = second;
    }
    this.values[i] = value;
  }

  clear(): void {
    this.values.fill(undefined);
    this.count = 0;
  }

  /** Twice the slots, every entry placed again (kept at most half full). */
  private grow(): void {
    const { firsts, seconds, values } = this;
    this.bits++;
    const slots = 1 << this.bits;
    this.firsts = new Int32Array(slots);
    this.seconds = new Int32Array(slots);
    this.values = new Array<T | undefined>(slots).fill(undefined);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === undefined) continue;
      const at = this.slot(firsts[i] as number, seconds[i] as number);
      this.firsts[at] = firsts[i] as number;
      this.seconds[at] = seconds[i] as number;
      this.values[at] = value;
    }
  }
}
