/**
 * A rough conformance row for the benchmark: on the RFC 4475 and RFC 5118
 * vectors whose outcome is clear-cut, does each parser deliver the messages
 * it must parse and refuse the ones it must reject? "Deliver" means the
 * parser returned a message (ours: with no error-severity problem);
 * "refuse" means it returned nothing, threw, or (ours) reported an error.
 * Vectors where either outcome is allowed (lenient trimming, or an error
 * response that is an application's decision) are left out. The conformance tests hold
 * the exact per-vector checks; this only shows the peers side by side.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Peer } from './peer.js';

export interface VectorSet {
  name: string;
  /** The clear-cut vectors: `valid` is true when a parser must deliver the message. */
  vectors: { file: string; valid: boolean; bytes: Uint8Array }[];
}

/**
 * Must the parser deliver (true) or refuse (false) a vector, judging by its
 * `expect` entry; undefined when either answer is acceptable.
 */
export function expectedDelivery(expect: string): boolean | undefined {
  if (expect === 'parse' || expect === 'parse-first') return true;
  if (expect.startsWith('reject-')) return expect.includes('-or-') ? undefined : false;
  // parse-then-4xx/5xx: the answer is an application's decision, which a parser may or may not flag.
  return undefined;
}

/** Loads the vectors from `<dir>/rfc4475` and `<dir>/rfc5118`; sets that are missing are left out. */
export function loadVectorSets(dir: string): VectorSet[] {
  const sets: VectorSet[] = [];
  for (const name of ['rfc4475', 'rfc5118']) {
    const expectationsFile = join(dir, name, 'expectations.json');
    if (!existsSync(expectationsFile)) continue;
    const expectations: unknown = JSON.parse(readFileSync(expectationsFile, 'utf8'));
    if (typeof expectations !== 'object' || expectations === null) continue;
    const vectors: VectorSet['vectors'] = [];
    for (const [file, entry] of Object.entries(expectations)) {
      const path = join(dir, name, file);
      const expect: unknown =
        typeof entry === 'object' && entry !== null ? Reflect.get(entry, 'expect') : undefined;
      const valid = typeof expect === 'string' ? expectedDelivery(expect) : undefined;
      if (valid !== undefined && existsSync(path))
        vectors.push({ file, valid, bytes: readFileSync(path) });
    }
    sets.push({ name: name.toUpperCase().replace('RFC', 'RFC '), vectors });
  }
  return sets;
}

export interface VerdictScore {
  right: number;
  total: number;
  /** Vectors on which the parser threw instead of answering. */
  threw: number;
}

/** Scores a peer's parse (a latin1 string per vector: one character per byte). */
export function scorePeer(peer: Peer, set: VectorSet): VerdictScore {
  return scoreWith(set, (bytes) => peer.parse(Buffer.from(bytes).toString('latin1')) !== undefined);
}

/** Scores an acceptance test that sees the raw bytes. */
export function scoreWith(set: VectorSet, accepts: (bytes: Uint8Array) => boolean): VerdictScore {
  const score: VerdictScore = { right: 0, total: set.vectors.length, threw: 0 };
  for (const vector of set.vectors) {
    let accepted: boolean;
    try {
      accepted = accepts(vector.bytes);
    } catch {
      score.threw += 1;
      accepted = false;
    }
    if (accepted === vector.valid) score.right += 1;
  }
  return score;
}
