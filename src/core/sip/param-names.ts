/**
 * The parameter names that occur in nearly every message. Storing a
 * parameter under a freshly sliced name makes the engine look the name up
 * in its string table on every store; handing it the constant instead skips
 * that and the slice, which matters when every message has a dozen of them.
 */
import { isTokenChar, matchesAt } from './char-classes.js';

const COMMON = [
  'tag',
  'branch',
  'rport',
  'received',
  'lr',
  'transport',
  'user',
  'maddr',
  'ttl',
  'expires',
  'q',
  'ob',
  'method',
  'reg-id',
  '+sip.instance',
  'phone-context',
  'gr',
  'pub-gruu',
  'temp-gruu',
  'alias',
  'comp',
  'sigcomp-id',
  'duration',
  'cause',
  'text',
];

/** COMMON grouped by length, so a lookup compares a handful of candidates at most. */
const BY_LENGTH: string[][] = [];
for (const name of COMMON) {
  let bucket = BY_LENGTH[name.length];
  if (bucket === undefined) {
    bucket = [];
    BY_LENGTH[name.length] = bucket;
  }
  bucket.push(name);
}

/** COMMON grouped by first character, in order of how often they occur. */
const BY_FIRST: string[][] = [];
for (const name of COMMON) {
  const first = name.charCodeAt(0);
  let bucket = BY_FIRST[first];
  if (bucket === undefined) {
    bucket = [];
    BY_FIRST[first] = bucket;
  }
  bucket.push(name);
}

/**
 * The common name written at `start` when a character that cannot continue
 * a token (or `end`) follows it; undefined otherwise. Lets the caller skip
 * scanning the name character by character.
 */
export function commonParamNameAt(text: string, start: number, end: number): string | undefined {
  const bucket = BY_FIRST[text.charCodeAt(start)];
  if (bucket === undefined) return undefined;
  for (let i = 0; i < bucket.length; i++) {
    const name = bucket[i] as string;
    const after = start + name.length;
    if (
      after <= end &&
      matchesAt(text, start, name) &&
      (after === end || !isTokenChar(text.charCodeAt(after)))
    ) {
      return name;
    }
  }
  return undefined;
}

/**
 * The constant for the lower-case name written between `start` and `end`,
 * or undefined when it is not a common one (or not written in lower case).
 */
export function commonParamName(text: string, start: number, end: number): string | undefined {
  const bucket = BY_LENGTH[end - start];
  if (bucket === undefined) return undefined;
  const first = text.charCodeAt(start);
  for (let i = 0; i < bucket.length; i++) {
    const name = bucket[i] as string;
    if (name.charCodeAt(0) === first && matchesAt(text, start, name)) return name;
  }
  return undefined;
}
