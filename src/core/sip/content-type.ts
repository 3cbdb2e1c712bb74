/**
 * Content-Type values (RFC 3261 §20.15, RFC 2045 §5.1): the media type and its
 * parameters, so a body can be routed to the SDP or multipart parser.
 *
 * It also holds what the other header-value parsers (Reason, Retry-After,
 * Session-Expires, Identity...) share on top of char-classes.ts and
 * split-values.ts: a lenient ";name=value" reader that keeps both the raw and
 * the unquoted value, accepts <uri> values and '=' in unquoted values (seen
 * in boundaries), and skips stray text instead of stopping at it; and a
 * problem list that caps repeats so hostile input gives bounded output.
 */
import { isDigit, isTokenChar, isWhitespace } from './char-classes.js';
import { newParams } from './params.js';
import { findClosingQuote, unescapeQuoted } from './split-values.js';
import type { Params, Problem, Severity } from './types.js';

/** SP, HTAB, and the CR/LF a value may still hold when it comes from a careless unfolding. */
export function isSpace(code: number): boolean {
  return isWhitespace(code) || code === 0x0d || code === 0x0a;
}

/** Index of the first character at or after `i` that is not SP, HTAB, CR or LF. */
export function skipSpace(text: string, i: number): number {
  let j = i;
  while (j < text.length && isSpace(text.charCodeAt(j))) j++;
  return j;
}

/** True when the whole text is 1*DIGIT. */
export function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

export interface QuotedRead {
  /** The content with quoted-pairs resolved. */
  value: string;
  /** Index just after the closing quote (or the end of the text when unclosed). */
  end: number;
  closed: boolean;
}

/** Reads a quoted-string starting at `start` (which must be a `"`), resolving backslash escapes. */
export function readQuoted(text: string, start: number): QuotedRead {
  const close = findClosingQuote(text, start);
  if (close < 0)
    return { value: unescapeQuoted(text.slice(start + 1)), end: text.length, closed: false };
  return { value: unescapeQuoted(text.slice(start + 1, close)), end: close + 1, closed: true };
}

// ---------------------------------------------------------------------------
// Parameter lists

export interface ParamEntry {
  /** Lower-cased name. */
  name: string;
  /** Unquoted, unescaped value; null for a flag (";lr"). */
  value: string | null;
  /** The value as written (quotes included); null for a flag. */
  raw: string | null;
  quoted: boolean;
}

export type ParamIssueKind = 'unterminated-quote' | 'empty-name' | 'stray-text';

export interface ParamIssue {
  kind: ParamIssueKind;
  /** Index in the scanned text. */
  at: number;
}

export interface ParamsRead {
  entries: ParamEntry[];
  /** Index where scanning stopped: the end, or a top-level comma when `stopAtComma`. */
  end: number;
  issues: ParamIssue[];
}

/**
 * Reads ";name[=value]" pairs from `start`. Values may be quoted strings or
 * <bracketed> URIs (which may contain ';'). Stops at the end, or at a top-level
 * comma when `stopAtComma` is set. Text that is not a parameter is skipped and
 * reported as an issue.
 */
export function readParams(text: string, start: number, stopAtComma: boolean): ParamsRead {
  const entries: ParamEntry[] = [];
  const issues: ParamIssue[] = [];
  const n = text.length;
  // Knowing the last '>' keeps an unclosed '<' from rescanning the rest of the text each time.
  const lastClose = text.lastIndexOf('>');
  let i = start;
  while (i < n) {
    i = skipSpace(text, i);
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === 0x2c && stopAtComma) break;
    if (c !== 0x3b) {
      // Not a parameter: skip to the next separator.
      note(issues, 'stray-text', i);
      i = skipStray(text, i, stopAtComma);
      continue;
    }
    i = skipSpace(text, i + 1);
    const nameStart = i;
    while (i < n && isTokenChar(text.charCodeAt(i))) i++;
    const name = text.slice(nameStart, i).toLowerCase();
    i = skipSpace(text, i);
    if (name.length === 0) {
      const next = text.charCodeAt(i);
      // A lone trailing ';' or ';;' is an empty name; other text is stray.
      if (i < n && next !== 0x3b && !(next === 0x2c && stopAtComma)) {
        note(issues, 'stray-text', i);
        i = skipStray(text, i, stopAtComma);
      } else {
        note(issues, 'empty-name', nameStart);
      }
      continue;
    }
    if (text.charCodeAt(i) !== 0x3d) {
      entries.push({ name, value: null, raw: null, quoted: false });
      if (i < n && text.charCodeAt(i) !== 0x3b && !(stopAtComma && text.charCodeAt(i) === 0x2c)) {
        note(issues, 'stray-text', i);
        i = skipStray(text, i, stopAtComma);
      }
      continue;
    }
    i = skipSpace(text, i + 1);
    const value = readParamValue(text, i, stopAtComma, lastClose);
    if (!value.closed) note(issues, 'unterminated-quote', i);
    entries.push({ name, value: value.value, raw: value.raw, quoted: value.quoted });
    i = value.end;
  }
  return { entries, end: Math.min(i, n), issues };
}

/** Most issues kept from one parameter list; the problem list caps what is reported anyway. */
const MAX_PARAM_ISSUES = 64;

function note(issues: ParamIssue[], kind: ParamIssueKind, at: number): void {
  if (issues.length < MAX_PARAM_ISSUES) issues.push({ kind, at });
}

interface ValueRead {
  value: string;
  raw: string;
  quoted: boolean;
  closed: boolean;
  end: number;
}

function readParamValue(
  text: string,
  start: number,
  stopAtComma: boolean,
  lastClose: number,
): ValueRead {
  const first = text.charCodeAt(start);
  if (first === 0x22) {
    const q = readQuoted(text, start);
    return {
      value: q.value,
      raw: text.slice(start, q.end),
      quoted: true,
      closed: q.closed,
      end: q.end,
    };
  }
  let i = start;
  if (first === 0x3c && lastClose > start) i = text.indexOf('>', start) + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x3b || (stopAtComma && c === 0x2c)) break;
    i++;
  }
  let end = i;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  const raw = text.slice(start, end);
  return { value: raw, raw, quoted: false, closed: true, end: i };
}

function skipStray(text: string, i: number, stopAtComma: boolean): number {
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x3b || (stopAtComma && c === 0x2c)) return j;
    if (c === 0x22) {
      j = readQuoted(text, j).end;
      continue;
    }
    j++;
  }
  return j;
}

/** Shared `Params` view of entries: lower-case names, values as written (null for flags). */
export function toParams(entries: readonly ParamEntry[]): Params {
  const params = newParams();
  for (const e of entries) if (params[e.name] === undefined) params[e.name] = e.raw;
  return params;
}

/** The first entry with this (lower-case) name. */
export function findParam(entries: readonly ParamEntry[], name: string): ParamEntry | undefined {
  for (const e of entries) if (e.name === name) return e;
  return undefined;
}

// ---------------------------------------------------------------------------
// Problems

/** Most problems kept per id; a flood of one defect is summarised, keeping output bounded. */
export const MAX_PROBLEMS_PER_ID = 20;

/** Collects problems for one parse, capping repeats of the same id. */
export class ProblemList {
  readonly problems: Problem[] = [];
  private readonly counts = new Map<string, number>();

  constructor(private readonly line?: number) {}

  add(severity: Severity, id: string, message: string, line: number | undefined = this.line): void {
    const count = (this.counts.get(id) ?? 0) + 1;
    this.counts.set(id, count);
    if (count > MAX_PROBLEMS_PER_ID) return;
    const problem: Problem = { severity, id, message };
    if (line !== undefined) problem.line = line;
    this.problems.push(problem);
  }

  /** Appends problems produced elsewhere (e.g. a nested parse), under the same cap. */
  addAll(problems: readonly Problem[]): void {
    for (const p of problems) this.add(p.severity, p.id, p.message, p.line);
  }

  /** The problems, with one note per id whose repeats were left out. */
  finish(): Problem[] {
    for (const [id, count] of this.counts) {
      if (count > MAX_PROBLEMS_PER_ID) {
        const note: Problem = {
          severity: 'note',
          id: 'problems.truncated',
          message: `${count - MAX_PROBLEMS_PER_ID} more "${id}" problems were left out.`,
        };
        if (this.line !== undefined) note.line = this.line;
        this.problems.push(note);
      }
    }
    return this.problems;
  }
}

/** Adds a problem for each parameter-scanning issue, under `${prefix}.param.<kind>`. */
export function reportParamIssues(
  list: ProblemList,
  prefix: string,
  what: string,
  issues: readonly ParamIssue[],
): void {
  for (const issue of issues) {
    if (issue.kind === 'unterminated-quote') {
      list.add(
        'error',
        `${prefix}.param.unterminated-quote`,
        `${what} has a parameter value whose quoted string is never closed.`,
      );
    } else if (issue.kind === 'empty-name') {
      list.add(
        'warning',
        `${prefix}.param.empty-name`,
        `${what} has an empty parameter (a ';' with no name after it).`,
      );
    } else {
      list.add(
        'warning',
        `${prefix}.param.stray-text`,
        `${what} has text that is not a ";name=value" parameter; it was ignored.`,
      );
    }
  }
}

// ---------------------------------------------------------------------------
// Content-Type

export interface ContentType {
  raw: string;
  /** Lower-cased top-level type ("application"); empty when unreadable. */
  type: string;
  /** Lower-cased subtype ("sdp"). */
  subtype: string;
  /** "type/subtype", lower-cased; empty when unreadable. */
  mediaType: string;
  /** Parameters: lower-case names, values as written. */
  params: Params;
  /** The boundary parameter, unquoted (multipart bodies). */
  boundary?: string;
  /** The charset parameter, unquoted and lower-cased. */
  charset?: string;
  problems: Problem[];
}

export interface ValueOptions {
  /** Line of the header in the message, copied to every problem. */
  line?: number;
}

/** Parses a Content-Type (or Content-Type-like) value: `type "/" subtype *(";" param)`. Never throws. */
export function parseContentType(value: string, options: ValueOptions = {}): ContentType {
  const list = new ProblemList(options.line);
  const result: ContentType = {
    raw: value,
    type: '',
    subtype: '',
    mediaType: '',
    params: newParams(),
    problems: list.problems,
  };
  let i = skipSpace(value, 0);
  if (i >= value.length) {
    list.add(
      'error',
      'content-type.empty',
      'Content-Type is empty; it should name a media type such as application/sdp.',
    );
    result.problems = list.finish();
    return result;
  }
  const typeStart = i;
  while (i < value.length && isTokenChar(value.charCodeAt(i))) i++;
  const type = value.slice(typeStart, i);
  i = skipSpace(value, i);
  let subtype = '';
  if (value.charCodeAt(i) === 0x2f) {
    i = skipSpace(value, i + 1);
    const subStart = i;
    while (i < value.length && isTokenChar(value.charCodeAt(i))) i++;
    subtype = value.slice(subStart, i);
  }
  if (type.length === 0 || subtype.length === 0) {
    list.add(
      'error',
      'content-type.syntax',
      `Content-Type "${clip(value)}" is not of the form type/subtype.`,
    );
  } else {
    result.type = type.toLowerCase();
    result.subtype = subtype.toLowerCase();
    result.mediaType = `${result.type}/${result.subtype}`;
  }
  const params = readParams(value, i, false);
  reportParamIssues(list, 'content-type', 'Content-Type', params.issues);
  result.params = toParams(params.entries);
  const boundary = findParam(params.entries, 'boundary');
  if (boundary?.value != null) result.boundary = boundary.value;
  const charset = findParam(params.entries, 'charset');
  if (charset?.value != null) result.charset = charset.value.toLowerCase();
  result.problems = list.finish();
  return result;
}

/** At most `max` characters of a value, for quoting in a problem message. */
export function clip(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
