/**
 * Ranked, typo-tolerant search over knowledge entries. Small enough to
 * reason about: weighted fields, an inverse document frequency, prefix and
 * bounded edit-distance matches for typos, and a bonus when the whole query
 * is an entry's title or one of its keywords.
 */

export interface SearchDocument {
  /** Stable id such as "code:403" or "q850:34". */
  id: string;
  /** Multiplies the score; lets response codes outrank a Q.850 cause with the same words. */
  prior: number;
  /** Field text with its weight: titles and keywords weigh most, long prose least. */
  fields: ReadonlyArray<{ text: string; weight: number }>;
  /** Exact phrases (title, keywords) that make a query an exact hit. */
  phrases: readonly string[];
}

export interface SearchHit {
  id: string;
  score: number;
  /** The whole query equals the title or a keyword of this entry. */
  exact: boolean;
}

/** Field weight of an entry's own number (a code's phrase weighs 5, its keywords 4). */
const OWN_NUMBER_WEIGHT = 5;

const STOP_WORDS = new Set(
  'a an the of to is in on for and or be by with it its this that are was at as from sip code response'.split(
    ' ',
  ),
);

/** Lower-cases, strips accents and punctuation, and splits into words. */
export function tokenize(text: string): string[] {
  return normalize(text)
    .split(' ')
    .filter((t) => t.length > 1 && !STOP_WORDS.has(t));
}

export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export class SearchIndex {
  /** term -> (document index -> accumulated field weight) */
  private readonly postings = new Map<string, Map<number, number>>();
  /** Sorted vocabulary, for prefix matches by binary search. */
  private readonly sorted: string[];
  /** Vocabulary by word length, so edit-distance checks only visit words of a plausible length. */
  private readonly byLength = new Map<number, string[]>();
  private readonly phraseToDocs = new Map<string, number[]>();

  constructor(private readonly documents: readonly SearchDocument[]) {
    documents.forEach((doc, index) => {
      for (const field of doc.fields) {
        for (const term of tokenize(field.text)) {
          let posting = this.postings.get(term);
          if (!posting) {
            posting = new Map();
            this.postings.set(term, posting);
          }
          posting.set(index, (posting.get(index) ?? 0) + field.weight);
        }
      }
      // An entry's own three-digit number ("code:404", "warning:399") is one of its
      // terms, weighing like its title: "404x" finds 404 before the Q.850
      // causes whose prose merely mentions 404.
      const own = /:(\d{3})$/.exec(doc.id)?.[1];
      if (own !== undefined) {
        let posting = this.postings.get(own);
        if (!posting) {
          posting = new Map();
          this.postings.set(own, posting);
        }
        posting.set(index, (posting.get(index) ?? 0) + OWN_NUMBER_WEIGHT);
      }
      for (const phrase of doc.phrases) {
        const key = normalize(phrase);
        if (key) this.phraseToDocs.set(key, [...(this.phraseToDocs.get(key) ?? []), index]);
      }
    });
    this.sorted = [...this.postings.keys()].sort();
    for (const term of this.sorted) {
      const bucket = this.byLength.get(term.length);
      if (bucket) bucket.push(term);
      else this.byLength.set(term.length, [term]);
    }
  }

  /** The best `limit` documents for a free-text query, best first. */
  search(query: string, limit = 8): SearchHit[] {
    const scores = new Map<number, number>();
    const terms = tokenize(query);
    const total = this.documents.length;
    for (const queryTerm of terms) {
      // Each query word contributes once per document, through its best-matching term.
      const best = new Map<number, number>();
      for (const [term, quality] of this.matchingTerms(queryTerm)) {
        const posting = this.postings.get(term);
        if (!posting) continue;
        const idf = Math.log(1 + total / posting.size);
        for (const [doc, weight] of posting) {
          const value = quality * idf * Math.min(weight, 6);
          if (value > (best.get(doc) ?? 0)) best.set(doc, value);
        }
      }
      for (const [doc, value] of best) scores.set(doc, (scores.get(doc) ?? 0) + value);
    }
    const exactDocs = new Set(this.phraseToDocs.get(normalize(query)) ?? []);
    for (const doc of exactDocs) scores.set(doc, (scores.get(doc) ?? 0) + 40);
    return [...scores]
      .map(([doc, score]) => {
        const document = this.documents[doc] as SearchDocument;
        return { id: document.id, score: score * document.prior, exact: exactDocs.has(doc) };
      })
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .slice(0, limit);
  }

  /** Vocabulary words close to a query word, for "did you mean" hints. */
  suggestWords(word: string, limit = 3): string[] {
    return [...this.matchingTerms(normalize(word))]
      .sort(
        (a, b) =>
          b[1] - a[1] ||
          (this.postings.get(b[0])?.size ?? 0) - (this.postings.get(a[0])?.size ?? 0),
      )
      .map(([term]) => term)
      .filter((term) => term !== word)
      .slice(0, limit);
  }

  /** Terms matching a query word exactly (1), by prefix (0.8) or within a small edit distance (0.7 / 0.45). */
  private matchingTerms(queryTerm: string): Map<string, number> {
    const matches = new Map<string, number>();
    if (this.postings.has(queryTerm)) matches.set(queryTerm, 1);
    if (queryTerm.length >= 3) {
      for (let i = lowerBound(this.sorted, queryTerm); i < this.sorted.length; i++) {
        const term = this.sorted[i] as string;
        if (!term.startsWith(queryTerm)) break;
        if (term !== queryTerm) matches.set(term, 0.8);
      }
    }
    const maxDistance = queryTerm.length >= 7 ? 2 : queryTerm.length >= 4 ? 1 : 0;
    for (
      let length = queryTerm.length - maxDistance;
      length <= queryTerm.length + maxDistance;
      length++
    ) {
      for (const term of this.byLength.get(length) ?? []) {
        if (matches.has(term)) continue;
        const distance = boundedEditDistance(queryTerm, term, maxDistance);
        if (distance <= maxDistance) matches.set(term, distance === 1 ? 0.7 : 0.45);
      }
    }
    return matches;
  }
}

function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sorted[mid] as string) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent swaps), giving
 * up as soon as it must exceed `max`. Rows are reused between calls: this runs
 * for thousands of vocabulary words per query.
 */
let rows: [Int32Array, Int32Array, Int32Array] = [
  new Int32Array(64),
  new Int32Array(64),
  new Int32Array(64),
];

export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length + 1 > rows[0].length) {
    const size = b.length + 1;
    rows = [new Int32Array(size), new Int32Array(size), new Int32Array(size)];
  }
  let [prevPrev, prev, row] = rows;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      let value = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (ai === bj ? 0 : 1),
      );
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        value = Math.min(value, (prevPrev[j - 2] as number) + 1);
      }
      row[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, row] = [prev, row, prevPrev];
  }
  return prev[b.length] as number;
}
