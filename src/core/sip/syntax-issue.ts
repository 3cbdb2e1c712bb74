/**
 * What a header-value parser reports when the text breaks the grammar. The
 * value parsers know nothing of lines or header names, so they report a short
 * code and a sentence; the message parser turns each into a Problem whose id
 * is "<header>.<code>" and adds the line. Parsers take an optional sink and
 * push into it only when something is wrong, so the common path allocates
 * nothing.
 */
import type { Severity } from './types.js';

export interface SyntaxIssue {
  /** Short kebab-case code, e.g. "empty-param", "display-name", "unterminated-quote". */
  code: string;
  /** One human sentence about the defect. */
  message: string;
  /** "error" unless said otherwise. */
  severity?: Severity;
}

/** Most issues kept from one header value: enough to explain it, bounded for hostile input. */
export const MAX_ISSUES_PER_VALUE = 16;

/** Records an issue when a sink was given and it has room. */
export function report(
  sink: SyntaxIssue[] | undefined,
  code: string,
  message: string,
  severity?: Severity,
): void {
  if (sink === undefined || sink.length >= MAX_ISSUES_PER_VALUE) return;
  sink.push(severity === undefined ? { code, message } : { code, message, severity });
}

/** A short quotable excerpt of input for a problem message (bounded, control characters escaped). */
export function excerpt(text: string, max = 60): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  let plain = true;
  for (let i = 0; i < cut.length; i++) {
    const c = cut.charCodeAt(i);
    if (c < 32 || c === 127) {
      plain = false;
      break;
    }
  }
  if (plain) return cut;
  let out = '';
  for (let i = 0; i < cut.length; i++) {
    const c = cut.charCodeAt(i);
    out += c < 32 || c === 127 ? `\\x${c.toString(16).padStart(2, '0')}` : cut.charAt(i);
  }
  return out;
}
