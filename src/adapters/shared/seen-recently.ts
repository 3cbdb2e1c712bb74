/**
 * Remembers keys for a while, to answer a retried delivery once: Slack
 * sends an event again after a timeout (immediately, after about a minute,
 * after about five), Discord may replay a gateway event after a resume.
 * Bounded in count as well as in time, so a flood cannot grow it.
 */
export class SeenRecently {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when `key` was seen within the TTL; otherwise records it and returns false. */
  check(key: string): boolean {
    const at = this.now();
    const seenAt = this.seen.get(key);
    if (seenAt !== undefined && at - seenAt < this.ttlMs) return true;
    this.seen.delete(key);
    this.seen.set(key, at);
    // Oldest first: a Map iterates in insertion order.
    for (const [oldest, when] of this.seen) {
      if (this.seen.size <= this.maxKeys && at - when < this.ttlMs) break;
      this.seen.delete(oldest);
    }
    return false;
  }
}
