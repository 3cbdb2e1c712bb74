/**
 * The parameter names that occur in nearly every message. Storing a
 * parameter under a freshly sliced name makes the engine look the name up
 * in its string table on every store; handing it the constant instead skips
 * that and the slice, which matters when every message has a dozen of them.
 */

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

/**
 * The constant for the lower-case name written between `start` and `end`,
 * or undefined when it is not a common one (or not written in lower case).
 */
export function commonParamName(text: string, start: number, end: number): string | undefined {
  const bucket = BY_LENGTH[end - start];
  if (bucket === undefined) return undefined;
  for (let i = 0; i < bucket.length; i++) {
    const name = bucket[i] as string;
    if (text.startsWith(name, start)) return name;
  }
  return undefined;
}
