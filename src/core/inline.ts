/**
 * Inline text, the small markup every card string uses: `**bold**`,
 * `` `code` `` and backslash escapes. Keeping the markup this small lets each
 * renderer escape everything else for its own platform.
 */
import { redactSecrets } from './diagnose/redact.js';

export type SpanStyle = 'plain' | 'bold' | 'code';

export interface Span {
  style: SpanStyle;
  text: string;
}

const MARK_CHARS = /[\\*`]/g;
const HAS_MARK = /[\\*`]/;

/**
 * Makes arbitrary (user) text safe to embed in inline text: it renders as
 * given, except that secrets in it (digest values, URI passwords, keys,
 * tokens) are redacted, since every echo of user text goes through here.
 */
export function literal(text: string): string {
  return redactSecrets(text).replace(MARK_CHARS, (c) => `\\${c}`);
}

/** Splits inline text into styled spans. Unbalanced marks are kept as plain characters. */
export function parseInline(source: string): Span[] {
  // Most card strings have no mark at all: one span, no copy.
  if (!HAS_MARK.test(source)) return source ? [{ style: 'plain', text: source }] : [];
  const spans: Span[] = [];
  // Plain text so far: `plain`, then the run of characters from `runStart` not yet copied.
  let plain = '';
  let runStart = 0;
  const takeRun = (end: number): void => {
    if (end > runStart) plain += source.slice(runStart, end);
  };
  const flush = (): void => {
    if (plain) spans.push({ style: 'plain', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '\\' && i + 1 < source.length) {
      takeRun(i);
      plain += source[i + 1];
      i += 2;
      runStart = i;
      continue;
    }
    if (ch === '`') {
      const end = source.indexOf('`', i + 1);
      if (end > i + 1) {
        takeRun(i);
        flush();
        spans.push({ style: 'code', text: source.slice(i + 1, end) });
        i = end + 1;
        runStart = i;
        continue;
      }
    }
    if (ch === '*' && source[i + 1] === '*') {
      const end = findClosingBold(source, i + 2);
      if (end > i + 2) {
        takeRun(i);
        flush();
        spans.push({ style: 'bold', text: unescapeMarks(source.slice(i + 2, end)) });
        i = end + 2;
        runStart = i;
        continue;
      }
    }
    i += 1;
  }
  takeRun(source.length);
  flush();
  return spans;
}

/** The text with all marks removed. */
export function plainText(source: string): string {
  return parseInline(source)
    .map((s) => s.text)
    .join('');
}

function findClosingBold(source: string, from: number): number {
  let i = from;
  while (i < source.length - 1) {
    if (source[i] === '\\') {
      i += 2;
      continue;
    }
    if (source[i] === '*' && source[i + 1] === '*') return i;
    i += 1;
  }
  return -1;
}

function unescapeMarks(text: string): string {
  return text.replace(/\\([\\*`])/g, '$1');
}
