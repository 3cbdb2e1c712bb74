/**
 * Per-line prefixes (syslog, journald, Docker, xlog, chat indentation).
 * The prefix is read once, from the line that holds a message's start line,
 * and turned into a skeleton: digit runs match any digits (timestamps, pids
 * change from line to line), whitespace runs match any whitespace, every
 * other character must be equal. The same skeleton is then stripped from
 * each line of that message, so one message is read consistently instead of
 * guessing line by line.
 */
import { headerColon, isBlank, isSpaceOrTab } from './start-line.js';

type Segment =
  | { kind: 'digits' }
  | { kind: 'space'; exact: number }
  | { kind: 'text'; text: string };

export type PrefixSkeleton = readonly Segment[];

/** How the lines after a start line carry their content. */
export type PrefixMode =
  | { kind: 'raw' }
  /** Every line repeats the prefix (Docker, syslog, chat indentation). */
  | { kind: 'prefixed'; skeleton: PrefixSkeleton; text: string }
  /** Only the first line has the prefix; the rest are indented to line up (journalctl). */
  | { kind: 'aligned'; width: number; text: string };

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A header line whose name starts with a letter, as real SIP header names do (log times do not). */
function isLetterHeader(text: string): boolean {
  const c = text.charCodeAt(0) | 0x20;
  return c >= 97 && c <= 122 && headerColon(text) > 0;
}

/** The skeleton of `prefix`; its trailing whitespace must match exactly (folded lines keep their indent). */
export function prefixSkeleton(prefix: string): PrefixSkeleton {
  const segments: Segment[] = [];
  let i = 0;
  const n = prefix.length;
  while (i < n) {
    const c = prefix.charCodeAt(i);
    const start = i;
    if (isDigit(c)) {
      while (i < n && isDigit(prefix.charCodeAt(i))) i++;
      segments.push({ kind: 'digits' });
    } else if (isSpaceOrTab(c)) {
      while (i < n && isSpaceOrTab(prefix.charCodeAt(i))) i++;
      segments.push({ kind: 'space', exact: i === n ? i - start : 0 });
    } else {
      while (i < n && !isDigit(prefix.charCodeAt(i)) && !isSpaceOrTab(prefix.charCodeAt(i))) i++;
      segments.push({ kind: 'text', text: prefix.slice(start, i) });
    }
  }
  return segments;
}

/**
 * Where the content starts in `line` when it carries the prefix, else -1.
 * A line that ends inside the prefix's trailing whitespace is a blank line
 * (editors and terminals drop trailing spaces).
 */
export function matchPrefix(line: string, skeleton: PrefixSkeleton): number {
  let p = 0;
  const n = line.length;
  for (let s = 0; s < skeleton.length; s++) {
    const seg = skeleton[s];
    if (!seg) return -1;
    if (p >= n) return s === skeleton.length - 1 && seg.kind === 'space' ? n : -1;
    if (seg.kind === 'digits') {
      if (!isDigit(line.charCodeAt(p))) return -1;
      while (p < n && isDigit(line.charCodeAt(p))) p++;
    } else if (seg.kind === 'space') {
      if (!isSpaceOrTab(line.charCodeAt(p))) return -1;
      if (seg.exact > 0) {
        let taken = 0;
        while (taken < seg.exact && p < n && isSpaceOrTab(line.charCodeAt(p))) {
          p++;
          taken++;
        }
      } else {
        while (p < n && isSpaceOrTab(line.charCodeAt(p))) p++;
      }
    } else {
      if (!line.startsWith(seg.text, p)) return -1;
      p += seg.text.length;
    }
  }
  return p;
}

/**
 * Decides how the message whose start line has `prefix` continues, from the
 * line after it: the same prefix, a shorter shared part of it (the start
 * line's prefix had extra words such as "received: "), lines aligned under
 * the start line, or raw lines (only the first log line had a prefix).
 */
export function decidePrefixMode(prefix: string, next: string | undefined): PrefixMode {
  if (prefix.length === 0) return { kind: 'raw' };
  const full = prefixSkeleton(prefix);
  const fullMode: PrefixMode = { kind: 'prefixed', skeleton: full, text: prefix };
  if (next === undefined) return fullMode;
  if (matchPrefix(next, full) >= 0) return fullMode;

  const cut = sharedPrefixCut(prefix, next);
  if (cut > 0) {
    const shorter = prefix.slice(0, cut);
    return { kind: 'prefixed', skeleton: prefixSkeleton(shorter), text: shorter };
  }

  const width = prefix.length;
  if (next.length > width && isBlank(next.slice(0, width)) && isLetterHeader(next.slice(width))) {
    return { kind: 'aligned', width, text: prefix };
  }
  if (isLetterHeader(next)) return { kind: 'raw' };
  return fullMode;
}

/**
 * The content of `line` under `mode`: the line without its prefix, or
 * null when the line does not carry the message's prefix.
 */
export function stripPrefix(line: string, mode: PrefixMode): string | null {
  if (mode.kind === 'raw') return line;
  if (mode.kind === 'prefixed') {
    const at = matchPrefix(line, mode.skeleton);
    return at < 0 ? null : line.slice(at);
  }
  const width = mode.width;
  if (line.length <= width) return isBlank(line) ? '' : null;
  return isBlank(line.slice(0, width)) ? line.slice(width) : null;
}

/**
 * Walks `prefix` and `next` together under skeleton rules and returns the
 * longest cut of `prefix`, just after a whitespace run, where `next` goes on
 * with a header line; 0 when there is none. Linear in the prefix length.
 */
function sharedPrefixCut(prefix: string, next: string): number {
  const cuts: number[] = [];
  let a = 0;
  let b = 0;
  while (a < prefix.length && b < next.length) {
    const ca = prefix.charCodeAt(a);
    const cb = next.charCodeAt(b);
    if (isDigit(ca) && isDigit(cb)) {
      while (a < prefix.length && isDigit(prefix.charCodeAt(a))) a++;
      while (b < next.length && isDigit(next.charCodeAt(b))) b++;
    } else if (isSpaceOrTab(ca) && isSpaceOrTab(cb)) {
      while (a < prefix.length && isSpaceOrTab(prefix.charCodeAt(a))) a++;
      while (b < next.length && isSpaceOrTab(next.charCodeAt(b))) b++;
      cuts.push(a, b);
    } else if (ca === cb) {
      a++;
      b++;
    } else break;
  }
  for (let i = cuts.length - 2; i >= 0; i -= 2) {
    const cutA = cuts[i] ?? 0;
    const cutB = cuts[i + 1] ?? 0;
    if (!isBlank(prefix.slice(0, cutA)) && isLetterHeader(next.slice(cutB))) return cutA;
  }
  return 0;
}

/**
 * A name for the kind of log a message's prefix comes from, used as its
 * format: `prefix` is what preceded the start line, `mode` how the other
 * lines carried it.
 */
export function classifyPrefix(mode: PrefixMode, prefix: string): string {
  if (mode.kind === 'aligned') return 'journald';
  const text = mode.kind === 'prefixed' ? mode.text : prefix;
  if (isBlank(text) || /^[>\s]*$/.test(text)) return 'raw';
  if (/^\S{1,80}\s{1,40}\| /.test(text)) return 'docker';
  if (
    /^(?:[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\S{0,20} \S{1,80} \S{1,80}: /.test(
      text,
    )
  ) {
    return 'syslog';
  }
  if (/^[EWIDV] \((?:\d{1,10}|\d\d:\d\d:\d\d\.\d{1,6})\) [^:]{1,40}: $/.test(text))
    return 'esp-idf';
  if (/(?:^|[\s:=(,[])b['"]$/.test(text)) return 'python-bytes';
  if (/\d\(\d{1,10}\) [A-Z]{1,10}: |\[\d{1,10}\] [A-Z]{1,10}:/.test(text)) return 'xlog';
  return 'log';
}
