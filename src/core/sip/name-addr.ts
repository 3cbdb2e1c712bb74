/**
 * name-addr and addr-spec values (From, To, Contact, Route, Record-Route,
 * Refer-To, P-Asserted-Identity...): an optional display name, quoted or a
 * run of tokens, a URI in angle brackets or bare, then header parameters.
 * RFC 3261 §20.10: without angle brackets every ";" after the URI starts a
 * header parameter, never a URI parameter.
 */
import {
  describeChar,
  isTokenChar,
  isWhitespace,
  skipWhitespace,
  trimEndIndex,
} from './char-classes.js';
import { type CharSearch, indexWithin } from './char-search.js';
import { newParams, parseParams } from './params.js';
import { findClosingQuote, findTopLevel, unescapeQuoted } from './split-values.js';
import { excerpt, report, type SyntaxIssue } from './syntax-issue.js';
import type { NameAddr, Params, SipUri } from './types.js';
import { type HostPort, parseUriAt, rawText } from './uri.js';

const QUOTE = 34;
const LT = 60;
const GT = 62;
const SEMI = 59;
const COLON = 58;
const COMMA = 44;
const QUESTION = 63;

/** What a parse lends the name-addr reader from its state (parser-state.ts): search memo and host/port scratch. */
export interface NameAddrScratch {
  readonly search: CharSearch;
  readonly hostPort: HostPort;
}

/**
 * A parsed name-addr. From and To are read in every message, but their URIs
 * are read by few consumers (a diagnosis reads the tags), so theirs are
 * parsed when `uri` is first read, from where the URI runs in the text the
 * value was read from; what it then gives is what the parse would have
 * built. Their grammar is checked when the message's problems are read
 * (`uriIssues`, called by checkFromToUris in read-structured-headers.ts), as
 * Contact's is. Every other name-addr (Contact, Route...) comes with its URI
 * parsed. The value keeps positions in that text rather than slices of it:
 * `raw` and `uriText` are made when read.
 *
 * Why a class: the URI parsed later and the result of its check live in
 * private fields, out of the value's fields, and every From and To has the
 * one shape.
 */
export class ParsedNameAddr implements NameAddr {
  /** The text the value was read from, where it runs, and where its URI does. */
  readonly #text: string;
  readonly #start: number;
  readonly #end: number;
  readonly #uriStart: number;
  readonly #uriEnd: number;
  #uri: SipUri | undefined;
  #uriParsed: boolean;
  /**
   * The URI's issues once checked (an empty list when clean); undefined
   * before. A URI parsed with the value was checked then: none here.
   */
  #uriIssues: readonly SyntaxIssue[] | undefined;

  constructor(
    text: string,
    start: number,
    end: number,
    uriStart: number,
    uriEnd: number,
    readonly displayName: string | undefined,
    readonly params: Params,
    readonly tag: string | undefined,
    uri: SipUri | undefined,
    uriParsed: boolean,
  ) {
    this.#text = text;
    this.#start = start;
    this.#end = end;
    this.#uriStart = uriStart;
    this.#uriEnd = uriEnd;
    this.#uri = uri;
    this.#uriParsed = uriParsed;
    this.#uriIssues = uriParsed ? NO_ISSUES : undefined;
  }

  /** The value as written (trimmed). */
  get raw(): string {
    return rawText(this.#text, this.#start, this.#end);
  }

  /** The URI as written, inside the angle brackets if any. */
  get uriText(): string {
    return rawText(this.#text, this.#uriStart, this.#uriEnd);
  }

  /** Parsed URI, when the URI text is valid. */
  get uri(): SipUri | undefined {
    if (!this.#uriParsed) {
      const uri =
        this.#uriEnd > this.#uriStart
          ? parseUriAt(this.#text, this.#uriStart, this.#uriEnd)
          : undefined;
      this.#uri = uri;
      this.#uriParsed = true;
    }
    return this.#uri;
  }

  /**
   * The issues of the URI's grammar, checked once (building nothing),
   * whether or not `uri` was read: a From with its URI left to first read
   * reports them with the message's problems. `hostPort` is the parse's
   * scratch for the host and port.
   */
  uriIssues(hostPort: HostPort | undefined): readonly SyntaxIssue[] {
    if (this.#uriIssues === undefined) {
      const issues: SyntaxIssue[] = [];
      if (this.#uriEnd > this.#uriStart)
        parseUriAt(this.#text, this.#uriStart, this.#uriEnd, issues, false, hostPort);
      this.#uriIssues = issues.length === 0 ? NO_ISSUES : Object.freeze(issues);
    }
    return this.#uriIssues;
  }
}

const NO_ISSUES: readonly SyntaxIssue[] = Object.freeze([]);

/** The fields of a name-addr as a plain object, its URI included (for comparisons and listings). */
export function nameAddrFields(na: NameAddr): Record<string, unknown> {
  return {
    raw: na.raw,
    displayName: na.displayName,
    uri: na.uri,
    uriText: na.uriText,
    params: na.params,
    tag: na.tag,
  };
}

/** Checks an unquoted display name (text[start, end)): tokens separated by whitespace. */
function checkUnquotedDisplayName(
  text: string,
  start: number,
  end: number,
  sink: SyntaxIssue[] | undefined,
): void {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!isTokenChar(c) && !isWhitespace(c)) {
      report(
        sink,
        'display-name',
        `The display name "${excerpt(text.slice(start, end))}" contains ${describeChar(c)}, so it must be in double quotes.`,
      );
      return;
    }
  }
}

/** True when text[from, to) holds a ":" (an addr-spec's scheme comes before any "<"). */
function hasColon(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === COLON) return true;
  return false;
}

/**
 * Parses the name-addr or addr-spec written between `start` and `end` of
 * `text`, with its parameters. Returns undefined only when there is nothing
 * to read (empty text, or an unterminated quote with no URI after it).
 * `scratch` is the parse's, whose search memo and host/port are then used.
 * With `lazyUri` the URI is neither parsed nor checked here (see
 * ParsedNameAddr): its issues come from `uriIssues`.
 */
export function parseNameAddrAt(
  text: string,
  start: number,
  end: number,
  sink?: SyntaxIssue[],
  build = true,
  flags = 0,
  scratch?: NameAddrScratch,
  lazyUri = false,
): ParsedNameAddr | undefined {
  const search = scratch?.search;
  end = trimEndIndex(text, start, end);
  let i = skipWhitespace(text, start, end);
  if (i >= end) {
    report(sink, 'empty', 'The value is empty; a URI is expected.');
    return undefined;
  }
  const first = i;
  let displayName: string | undefined;
  let bracketed = false;

  if (text.charCodeAt(i) === QUOTE) {
    const close = findClosingQuote(text, i, end);
    if (close < 0) {
      const whole = text.slice(first, end);
      report(
        sink,
        'unterminated-quote',
        `The quoted display name in "${excerpt(whole)}" is never closed.`,
      );
      // Infer the closing quote just before the "<" that opens the URI, when there is one.
      const lt = indexWithin(text, LT, i + 1, end, search);
      if (lt < 0) return undefined;
      if (build) displayName = unescapeQuoted(text.slice(i + 1, trimEndIndex(text, i + 1, lt)));
      i = lt;
    } else {
      if (build) displayName = unescapeQuoted(text.slice(i + 1, close));
      i = skipWhitespace(text, close + 1, end);
      if (i >= end || text.charCodeAt(i) !== LT) {
        report(
          sink,
          'malformed',
          `The quoted display name in "${excerpt(text.slice(first, end))}" is not followed by a URI in < >.`,
        );
        return undefined;
      }
    }
    bracketed = true;
  } else if (text.charCodeAt(i) === LT) {
    bracketed = true;
  } else {
    const lt = indexWithin(text, LT, i, end, search);
    if (lt >= 0 && !hasColon(text, i, lt)) {
      const nameEnd = trimEndIndex(text, i, lt);
      if (build) displayName = text.slice(i, nameEnd);
      checkUnquotedDisplayName(text, i, nameEnd, sink);
      i = lt;
      bracketed = true;
    }
  }

  let uriStart: number;
  let uriEnd: number;
  let paramsStart: number;
  if (bracketed) {
    const gt = indexWithin(text, GT, i + 1, end, search);
    const close = gt < 0 ? end : gt;
    if (gt < 0) {
      report(
        sink,
        'unterminated-angle',
        `The "<" in "${excerpt(text.slice(first, end))}" is never closed by ">".`,
      );
    }
    uriStart = skipWhitespace(text, i + 1, close);
    uriEnd = trimEndIndex(text, uriStart, close);
    if (uriStart !== i + 1 || uriEnd !== close) {
      report(
        sink,
        'uri-whitespace',
        `Whitespace inside "<${excerpt(text.slice(i + 1, close))}>" is not allowed around the URI.`,
      );
    }
    paramsStart = gt < 0 ? end : gt + 1;
  } else {
    let semi = indexWithin(text, SEMI, i, end, search);
    if (semi < 0) semi = end;
    uriStart = i;
    uriEnd = trimEndIndex(text, i, semi);
    paramsStart = semi;
    if (indexWithin(text, QUESTION, uriStart, uriEnd, search) >= 0) {
      report(
        sink,
        'uri-headers-without-brackets',
        `The URI "${excerpt(text.slice(uriStart, uriEnd))}" has a "?" header part, so it must be enclosed in < > (RFC 3261 §20).`,
      );
    }
    for (let k = uriStart; k < uriEnd; k++) {
      const c = text.charCodeAt(k);
      if (isWhitespace(c) || c === GT || c === QUOTE) {
        report(
          sink,
          'uri-char',
          `The URI "${excerpt(text.slice(uriStart, uriEnd))}" contains ${describeChar(c)}.`,
        );
        break;
      }
    }
  }

  let uri: SipUri | undefined;
  if (uriEnd <= uriStart)
    report(sink, 'empty-uri', `"${excerpt(text.slice(first, end))}" holds no URI.`);
  else if (!lazyUri || !build)
    uri = parseUriAt(text, uriStart, uriEnd, sink, build, scratch?.hostPort);
  const params = build ? newParams() : null;
  const stop = parseParams(text, paramsStart, params, sink, end, flags);
  if (stop < end) {
    const c = text.charCodeAt(stop);
    report(
      sink,
      'trailing-text',
      c === SEMI
        ? `Unexpected text after the parameters in "${excerpt(text.slice(first, end))}".`
        : `Unexpected ${describeChar(c)} after the URI in "${excerpt(text.slice(first, end))}".`,
    );
  }
  if (params === null) return undefined;
  const tag = params.tag;
  return new ParsedNameAddr(
    text,
    first,
    end,
    uriStart,
    uriEnd,
    displayName,
    params,
    tag ?? undefined,
    uri,
    !lazyUri,
  );
}

/** Parses one name-addr or addr-spec with its parameters (see parseNameAddrAt). */
export function parseNameAddr(text: string, sink?: SyntaxIssue[]): ParsedNameAddr | undefined {
  return parseNameAddrAt(text, 0, text.length, sink);
}

/**
 * Parses the comma-separated name-addr / addr-spec values between `start`
 * and `end` (Contact, Route, Record-Route...) into `out`, or only checks
 * them when `out` is null. Empty elements are reported and skipped.
 */
export function parseNameAddrListAt(
  text: string,
  start: number,
  end: number,
  sink: SyntaxIssue[] | undefined,
  out: NameAddr[] | null,
  flags = 0,
  scratch?: NameAddrScratch,
): void {
  let i = start;
  for (;;) {
    const comma = findTopLevel(text, i, COMMA, end);
    const stop = comma < 0 ? end : comma;
    if (skipWhitespace(text, i, stop) >= stop) {
      if (stop < end || i > start) {
        report(
          sink,
          'empty-element',
          `The list "${excerpt(text.slice(start, end))}" has an empty element (",," or a trailing ",").`,
        );
      } else {
        report(sink, 'empty', 'The value is empty; a URI is expected.');
      }
    } else {
      const parsed = parseNameAddrAt(text, i, stop, sink, out !== null, flags, scratch);
      if (parsed !== undefined && out !== null) out.push(parsed);
    }
    if (stop >= end) return;
    i = stop + 1;
  }
}

/**
 * Parses a comma-separated list of name-addr / addr-spec values (Contact,
 * Route, Record-Route...). Empty elements are reported and skipped.
 */
export function parseNameAddrList(value: string, sink?: SyntaxIssue[]): NameAddr[] {
  const out: NameAddr[] = [];
  parseNameAddrListAt(value, 0, value.length, sink, out);
  return out;
}
