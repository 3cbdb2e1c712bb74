/**
 * The entries of one kind (codes, findings) as the knowledge base looks
 * them up: by key, or all in their order. Two ways to hold them: objects
 * already made (the validated load), or their JSON texts in the build's
 * snapshot, each parsed the first time it is asked for. A one-shot command
 * asks for a handful: `explain 403` reads one code entry and the names of
 * its related codes, where parsing the whole snapshot's 620 KB of entries
 * cost about 15 ms of its start (issue 13).
 */

export interface EntryList<K, T> {
  /** The entry under `key`, made once and then the same object every time. */
  get(key: K): T | undefined;
  /** Every entry, in the order they were given (one per key). */
  all(): T[];
}

/** Entries already made, keyed by `keyOf`. */
export class EntryMap<K, T> implements EntryList<K, T> {
  private readonly byKey: Map<K, T>;

  constructor(entries: readonly T[], keyOf: (entry: T) => K) {
    this.byKey = new Map(entries.map((entry) => [keyOf(entry), entry]));
  }

  get(key: K): T | undefined {
    return this.byKey.get(key);
  }

  all(): T[] {
    return [...this.byKey.values()];
  }
}

/** Where one entry's JSON text is: its key, and its start and length among the entry texts. */
export type EntrySpan<K> = readonly [key: K, start: number, length: number];

/** Where the entry texts are read from (the snapshot's file, read a range at a time: snapshot-file.ts). */
export interface EntrySource {
  /** The `length` characters from `start` (counted from the first entry's start). */
  text(start: number, length: number): string;
  /** Every entry is about to be asked for: a file may read them all in one go. */
  readingAll?(): void;
}

/**
 * Entries kept as JSON texts, each parsed on first use. The texts were
 * written from validated entries by the build (knowledge-snapshot.ts), so
 * they are trusted as those were.
 */
export class EntryTexts<K, T> implements EntryList<K, T> {
  private readonly at = new Map<K, number>();
  private readonly made: (T | undefined)[];

  constructor(
    private readonly source: EntrySource,
    private readonly spans: readonly EntrySpan<K>[],
  ) {
    // As a Map made from the entries: a key given twice keeps its first place and its last entry.
    spans.forEach(([key], index) => {
      this.at.set(key, index);
    });
    this.made = new Array<T | undefined>(spans.length).fill(undefined);
  }

  get(key: K): T | undefined {
    const index = this.at.get(key);
    return index === undefined ? undefined : this.entry(index);
  }

  all(): T[] {
    if (this.made.includes(undefined)) this.source.readingAll?.();
    return [...this.at.values()].map((index) => this.entry(index));
  }

  private entry(index: number): T {
    const made = this.made[index];
    if (made !== undefined) return made;
    const [, start, length] = this.spans[index] as EntrySpan<K>;
    const entry = JSON.parse(this.source.text(start, length)) as T;
    this.made[index] = entry;
    return entry;
  }
}
