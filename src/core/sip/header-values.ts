/**
 * Structured values of the headers a diagnosis reads beyond the basics:
 * Reason, Warning, Retry-After, option-tag lists, Allow, Session-Expires,
 * Min-SE, Expires, Min-Expires and Identity. Each parser returns what it could
 * read plus problems (ids "<header>.<defect>", as the message parser uses);
 * none of them throws.
 */
import { isToken, isTokenChar } from './char-classes.js';
import {
  clip,
  findParam,
  isDigits,
  isSpace,
  ProblemList,
  readParams,
  readQuoted,
  reportParamIssues,
  skipSpace,
  toParams,
  type ValueOptions,
} from './content-type.js';
import { splitTopLevel } from './split-values.js';
import type { Params, Problem } from './types.js';

export type { ValueOptions } from './content-type.js';

// ---------------------------------------------------------------------------
// Shared pieces

/** Largest delta-seconds value; RFC 3261 says larger values are taken as this. */
export const MAX_DELTA_SECONDS = 4_294_967_295;

/** A delta-seconds number, clamped to 2^32-1; undefined when the text is not 1*DIGIT. */
function deltaSeconds(text: string): number | undefined {
  if (!isDigits(text)) return undefined;
  if (text.length > 10) return MAX_DELTA_SECONDS;
  return Math.min(Number(text), MAX_DELTA_SECONDS);
}

/** Reads a leading run of token characters from `start`. */
function readTokenAt(text: string, start: number): { token: string; end: number } {
  let i = start;
  while (i < text.length && isTokenChar(text.charCodeAt(i))) i++;
  return { token: text.slice(start, i), end: i };
}

/** Splits a list value at top-level commas, reporting empty items ("a,,b") but not an empty value. */
function listItems(list: ProblemList, value: string, prefix: string, header: string): string[] {
  const items = splitTopLevel(value);
  const kept: string[] = [];
  let empty = 0;
  for (const item of items) {
    if (item.length === 0) empty++;
    else kept.push(item);
  }
  if (empty > 0 && !(empty === 1 && items.length === 1)) {
    list.add('warning', `${prefix}.empty-item`, `${header} has an empty item between commas.`);
  }
  return kept;
}

// ---------------------------------------------------------------------------
// Reason (RFC 3326)

export interface ReasonValue {
  raw: string;
  /** As written: "SIP", "Q.850", or another protocol token. */
  protocol: string;
  cause?: number;
  /** The text parameter, unquoted. */
  text?: string;
  params: Params;
}

export interface ReasonParseResult {
  reasons: ReasonValue[];
  problems: Problem[];
}

/** Parses a Reason value (possibly several, comma-separated): protocol ;cause= ;text=. */
export function parseReason(value: string, options: ValueOptions = {}): ReasonParseResult {
  const list = new ProblemList(options.line);
  const items = listItems(list, value, 'reason', 'Reason');
  if (items.length === 0)
    list.add(
      'error',
      'reason.empty',
      'Reason is empty; it should name a protocol such as SIP or Q.850 with a cause.',
    );
  const reasons: ReasonValue[] = [];
  const protocols = new Set<string>();
  for (const item of items) {
    const reason = parseReasonItem(item, list);
    reasons.push(reason);
    const key = reason.protocol.toUpperCase();
    if (key && protocols.has(key)) {
      list.add(
        'note',
        'reason.protocol-repeated',
        `Reason carries protocol ${reason.protocol} more than once; RFC 3326 allows one value per protocol.`,
      );
    }
    protocols.add(key);
  }
  return { reasons, problems: list.finish() };
}

function parseReasonItem(text: string, list: ProblemList): ReasonValue {
  const { token: protocol, end } = readTokenAt(text, 0);
  const reason: ReasonValue = { raw: text, protocol, params: {} };
  if (protocol.length === 0) {
    list.add(
      'error',
      'reason.protocol-missing',
      `Reason "${clip(text)}" does not start with a protocol (SIP, Q.850...).`,
    );
  }
  const params = readParams(text, end, false);
  reportParamIssues(list, 'reason', 'Reason', params.issues);
  reason.params = toParams(params.entries);

  const cause = findParam(params.entries, 'cause');
  if (!cause || cause.value === null || cause.value.length === 0) {
    list.add('warning', 'reason.cause-missing', `Reason "${clip(text)}" has no cause parameter.`);
  } else if (!isDigits(cause.value) || cause.value.length > 9) {
    list.add(
      'warning',
      'reason.cause-syntax',
      `Reason cause "${clip(cause.value)}" is not a number.`,
    );
  } else {
    reason.cause = Number(cause.value);
    const upper = protocol.toUpperCase();
    if (upper === 'Q.850' && (reason.cause < 1 || reason.cause > 127)) {
      list.add('warning', 'reason.cause-range', `Q.850 cause ${reason.cause} is outside 1-127.`);
    } else if (upper === 'SIP' && (reason.cause < 100 || reason.cause > 699)) {
      list.add(
        'warning',
        'reason.cause-range',
        `SIP cause ${reason.cause} is not a response code (100-699).`,
      );
    }
  }
  const reasonText = findParam(params.entries, 'text');
  if (reasonText?.value != null) {
    reason.text = reasonText.value;
    if (!reasonText.quoted) {
      list.add('note', 'reason.text-unquoted', 'Reason text should be a quoted string.');
    }
  }
  return reason;
}

// ---------------------------------------------------------------------------
// Warning (RFC 3261 §20.43)

export interface WarningValue {
  raw: string;
  /** The three-digit warn-code, when readable. */
  code?: number;
  /** Host[:port] or pseudonym of the element that added the warning. */
  agent: string;
  /** The warn-text, unquoted. */
  text: string;
}

export interface WarningParseResult {
  warnings: WarningValue[];
  problems: Problem[];
}

/** Parses a Warning value (possibly several): warn-code SP warn-agent SP "warn-text". */
export function parseWarning(value: string, options: ValueOptions = {}): WarningParseResult {
  const list = new ProblemList(options.line);
  const warnings: WarningValue[] = [];
  const n = value.length;
  let i = skipSpace(value, 0);
  if (i >= n)
    list.add(
      'error',
      'warning.empty',
      'Warning is empty; it should hold a code, an agent and a quoted text.',
    );
  while (i < n) {
    const start = i;
    const warning: WarningValue = { raw: '', agent: '', text: '' };
    const code = readWord(value, i);
    if (code.word.length === 3 && isDigits(code.word)) warning.code = Number(code.word);
    else
      list.add('error', 'warning.code', `Warning code "${clip(code.word)}" is not three digits.`);
    i = skipBlanks(value, code.end);
    const agent = readWord(value, i);
    warning.agent = agent.word;
    if (agent.word.length === 0)
      list.add(
        'error',
        'warning.agent-missing',
        'Warning has no agent (the host or name of the element that added it).',
      );
    i = skipBlanks(value, agent.end);
    if (value.charCodeAt(i) === 0x22) {
      const q = readQuoted(value, i);
      warning.text = q.value;
      if (!q.closed)
        list.add(
          'error',
          'warning.unterminated-quote',
          'Warning text has an opening quote but no closing one.',
        );
      i = q.end;
    } else {
      let end = i;
      while (end < n && value.charCodeAt(end) !== 0x2c) end++;
      warning.text = value.slice(i, end).trim();
      if (warning.text.length === 0)
        list.add('error', 'warning.text-missing', 'Warning has no text.');
      else list.add('warning', 'warning.text-unquoted', 'Warning text should be a quoted string.');
      i = end;
    }
    // Anything up to the next comma is not part of the grammar.
    i = skipSpace(value, i);
    if (i < n && value.charCodeAt(i) !== 0x2c) {
      list.add(
        'warning',
        'warning.stray-text',
        `Warning has unexpected text "${clip(value.slice(i, i + 20))}" after its text.`,
      );
      while (i < n && value.charCodeAt(i) !== 0x2c) i++;
    }
    warning.raw = value.slice(start, i).trim();
    warnings.push(warning);
    i = skipSpace(value, i + 1);
    while (i < n && value.charCodeAt(i) === 0x2c) i = skipSpace(value, i + 1);
  }
  return { warnings, problems: list.finish() };
}

function skipBlanks(text: string, i: number): number {
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  return i;
}

/** A run of characters up to whitespace, a comma, or a quote. */
function readWord(text: string, start: number): { word: string; end: number } {
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isSpace(c) || c === 0x2c || c === 0x22) break;
    i++;
  }
  return { word: text.slice(start, i), end: i };
}

// ---------------------------------------------------------------------------
// Retry-After (RFC 3261 §20.33)

export interface RetryAfterValue {
  raw: string;
  seconds?: number;
  /** The comment, without its parentheses. */
  comment?: string;
  /** The duration parameter: how long the callee stays available. */
  duration?: number;
  params: Params;
  problems: Problem[];
}

/** Parses Retry-After: delta-seconds [ (comment) ] *( ;duration= / ;param ). */
export function parseRetryAfter(value: string, options: ValueOptions = {}): RetryAfterValue {
  const list = new ProblemList(options.line);
  const result: RetryAfterValue = { raw: value, params: {}, problems: list.problems };
  let i = skipSpace(value, 0);
  const start = i;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (isSpace(c) || c === 0x3b || c === 0x28) break;
    i++;
  }
  const seconds = deltaSeconds(value.slice(start, i));
  if (seconds === undefined) {
    list.add(
      'error',
      'retry-after.seconds',
      `Retry-After "${clip(value)}" does not start with a number of seconds.`,
    );
  } else {
    result.seconds = seconds;
  }
  i = skipSpace(value, i);
  if (value.charCodeAt(i) === 0x28) {
    const comment = readComment(value, i);
    result.comment = comment.text;
    if (!comment.closed)
      list.add(
        'error',
        'retry-after.comment-unterminated',
        'Retry-After has a comment whose parenthesis is never closed.',
      );
    i = comment.end;
  }
  const params = readParams(value, i, false);
  reportParamIssues(list, 'retry-after', 'Retry-After', params.issues);
  result.params = toParams(params.entries);
  const duration = findParam(params.entries, 'duration');
  if (duration) {
    const d = duration.value === null ? undefined : deltaSeconds(duration.value);
    if (d === undefined)
      list.add(
        'warning',
        'retry-after.duration',
        'Retry-After duration is not a number of seconds.',
      );
    else result.duration = d;
  }
  result.problems = list.finish();
  return result;
}

/** Reads a (possibly nested) comment starting at `(`; backslash escapes are resolved. */
function readComment(text: string, start: number): { text: string; end: number; closed: boolean } {
  let depth = 0;
  let out = '';
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x5c && i + 1 < text.length) {
      out += text.charAt(i + 1);
      i += 2;
      continue;
    }
    if (c === 0x28) {
      depth++;
      if (depth > 1) out += '(';
    } else if (c === 0x29) {
      depth--;
      if (depth === 0) return { text: out, end: i + 1, closed: true };
      out += ')';
    } else {
      out += text.charAt(i);
    }
    i++;
  }
  return { text: out, end: i, closed: false };
}

// ---------------------------------------------------------------------------
// Option tags (Require, Supported, Unsupported, Proxy-Require) and Allow

export interface OptionTagsParseResult {
  /** The tags as written, in order. */
  tags: string[];
  problems: Problem[];
}

export interface NamedValueOptions extends ValueOptions {
  /** The header's name, used in problem ids and messages ("require", "supported"...). */
  header?: string;
}

/** Headers whose grammar needs at least one item (Supported and Allow may be empty). */
const NON_EMPTY_LISTS = new Set(['require', 'proxy-require', 'unsupported']);

/** Parses a comma-separated option-tag list (Require, Supported, Unsupported, Proxy-Require). */
export function parseOptionTags(
  value: string,
  options: NamedValueOptions = {},
): OptionTagsParseResult {
  const header = (options.header ?? 'require').toLowerCase();
  const list = new ProblemList(options.line);
  const tags = readTokenList(value, header, 'option tag', list);
  return { tags, problems: list.finish() };
}

export interface AllowParseResult {
  /** The methods as written, in order. */
  methods: string[];
  problems: Problem[];
}

/** Parses Allow: a comma-separated list of methods (case-sensitive, conventionally upper case). */
export function parseAllow(value: string, options: ValueOptions = {}): AllowParseResult {
  const list = new ProblemList(options.line);
  const methods = readTokenList(value, 'allow', 'method', list);
  for (const method of methods) {
    if (method !== method.toUpperCase()) {
      list.add(
        'note',
        'allow.case',
        `Allow lists "${clip(method)}"; methods are case-sensitive and the standard ones are upper case.`,
      );
    }
  }
  return { methods, problems: list.finish() };
}

function readTokenList(value: string, header: string, what: string, list: ProblemList): string[] {
  const prefix = header;
  const items: string[] = [];
  const seen = new Set<string>();
  const kept = listItems(list, value, prefix, header);
  if (kept.length === 0 && NON_EMPTY_LISTS.has(header)) {
    list.add(
      'warning',
      `${prefix}.empty`,
      `${header} is empty; it should list at least one ${what}.`,
    );
  }
  for (const item of kept) {
    if (!isToken(item)) {
      list.add(
        'warning',
        `${prefix}.token`,
        `${header} item "${clip(item)}" is not a valid ${what}.`,
      );
    }
    if (seen.has(item))
      list.add('note', `${prefix}.duplicate`, `${header} lists "${clip(item)}" more than once.`);
    seen.add(item);
    items.push(item);
  }
  return items;
}

// ---------------------------------------------------------------------------
// Session timers (RFC 4028), Expires and Min-Expires

/** RFC 4028's floor for Session-Expires and Min-SE. */
export const MIN_SESSION_EXPIRES = 90;

export interface SessionExpiresValue {
  raw: string;
  seconds?: number;
  /** Who refreshes the session, lower-cased, when the parameter is valid. */
  refresher?: 'uac' | 'uas';
  params: Params;
  problems: Problem[];
}

/** Parses Session-Expires (compact "x"): delta-seconds *( ;refresher=uac|uas / ;param ). */
export function parseSessionExpires(
  value: string,
  options: ValueOptions = {},
): SessionExpiresValue {
  const list = new ProblemList(options.line);
  const parsed = parseDeltaWithParams(value, 'session-expires', 'Session-Expires', list);
  const result: SessionExpiresValue = {
    raw: value,
    params: toParams(parsed.entries),
    problems: [],
  };
  if (parsed.seconds !== undefined) {
    result.seconds = parsed.seconds;
    if (parsed.seconds < MIN_SESSION_EXPIRES) {
      list.add(
        'warning',
        'session-expires.below-minimum',
        `Session-Expires ${parsed.seconds} is below RFC 4028's minimum of ${MIN_SESSION_EXPIRES} seconds.`,
      );
    }
  }
  const refresher = findParam(parsed.entries, 'refresher');
  if (refresher) {
    const who = refresher.value?.toLowerCase();
    if (who === 'uac' || who === 'uas') result.refresher = who;
    else
      list.add(
        'warning',
        'session-expires.refresher',
        `Session-Expires refresher "${clip(refresher.value ?? '')}" should be uac or uas.`,
      );
  }
  result.problems = list.finish();
  return result;
}

export interface MinSeValue {
  raw: string;
  seconds?: number;
  params: Params;
  problems: Problem[];
}

/** Parses Min-SE: delta-seconds *( ;param ). */
export function parseMinSe(value: string, options: ValueOptions = {}): MinSeValue {
  const list = new ProblemList(options.line);
  const parsed = parseDeltaWithParams(value, 'min-se', 'Min-SE', list);
  const result: MinSeValue = { raw: value, params: toParams(parsed.entries), problems: [] };
  if (parsed.seconds !== undefined) {
    result.seconds = parsed.seconds;
    if (parsed.seconds < MIN_SESSION_EXPIRES) {
      list.add(
        'warning',
        'min-se.below-minimum',
        `Min-SE ${parsed.seconds} is below RFC 4028's floor of ${MIN_SESSION_EXPIRES} seconds.`,
      );
    }
  }
  result.problems = list.finish();
  return result;
}

function parseDeltaWithParams(value: string, prefix: string, header: string, list: ProblemList) {
  let i = skipSpace(value, 0);
  const start = i;
  while (i < value.length && !isSpace(value.charCodeAt(i)) && value.charCodeAt(i) !== 0x3b) i++;
  const seconds = deltaSeconds(value.slice(start, i));
  if (seconds === undefined) {
    list.add(
      'error',
      `${prefix}.seconds`,
      `${header} "${clip(value)}" does not start with a number of seconds.`,
    );
  }
  const params = readParams(value, i, false);
  reportParamIssues(list, prefix, header, params.issues);
  return { seconds, entries: params.entries };
}

export interface DeltaSecondsValue {
  raw: string;
  seconds?: number;
  problems: Problem[];
}

/** Parses Expires: delta-seconds (values above 2^32-1 are clamped). */
export function parseExpires(value: string, options: ValueOptions = {}): DeltaSecondsValue {
  return parseDeltaOnly(value, 'expires', 'Expires', options.line);
}

/** Parses Min-Expires: delta-seconds. */
export function parseMinExpires(value: string, options: ValueOptions = {}): DeltaSecondsValue {
  return parseDeltaOnly(value, 'min-expires', 'Min-Expires', options.line);
}

function parseDeltaOnly(
  value: string,
  prefix: string,
  header: string,
  line: number | undefined,
): DeltaSecondsValue {
  const list = new ProblemList(line);
  const text = value.trim();
  const seconds = deltaSeconds(text);
  const result: DeltaSecondsValue = { raw: value, problems: [] };
  if (seconds === undefined) {
    // RFC 2543 allowed an HTTP date here; old phones still send one.
    const looksLikeDate = text.includes('GMT') || text.includes(',');
    list.add(
      'error',
      `${prefix}.syntax`,
      looksLikeDate
        ? `${header} "${clip(text)}" is a date; RFC 3261 only allows a number of seconds.`
        : `${header} "${clip(text)}" is not a number of seconds.`,
    );
  } else {
    result.seconds = seconds;
    if (text.length > 10 || Number(text) > MAX_DELTA_SECONDS) {
      list.add(
        'note',
        `${prefix}.clamped`,
        `${header} is larger than 2^32-1 and is taken as ${MAX_DELTA_SECONDS}.`,
      );
    }
  }
  result.problems = list.finish();
  return result;
}

// ---------------------------------------------------------------------------
// Identity (RFC 8224, PASSporT RFC 8225, SHAKEN RFC 8588)

export interface IdentityValue {
  raw: string;
  /** The signed-identity-digest as written (the PASSporT, quotes removed). */
  token: string;
  /** "full": header.payload.signature; "compact": header..signature; "legacy": an RFC 4474 signature. */
  form: 'full' | 'compact' | 'legacy' | 'unknown';
  /** The decoded JWT header (JSON), when it decodes. */
  jwtHeader?: unknown;
  /** The decoded JWT payload (JSON), when present and it decodes. */
  payload?: unknown;
  /** The signature segment as written (base64url); never verified here. */
  signature?: string;
  /** The info URI without its angle brackets. */
  info?: string;
  alg?: string;
  ppt?: string;
  params: Params;
  problems: Problem[];
}

/** Parses an Identity value: the PASSporT and its info/alg/ppt parameters; decodes, never verifies. */
export function parseIdentity(value: string, options: ValueOptions = {}): IdentityValue {
  const list = new ProblemList(options.line);
  const result: IdentityValue = {
    raw: value,
    token: '',
    form: 'unknown',
    params: {},
    problems: [],
  };
  let i = skipSpace(value, 0);
  let legacyQuoted = false;
  if (value.charCodeAt(i) === 0x22) {
    const q = readQuoted(value, i);
    result.token = q.value;
    legacyQuoted = true;
    i = q.end;
  } else {
    const start = i;
    while (i < value.length && value.charCodeAt(i) !== 0x3b && !isSpace(value.charCodeAt(i))) i++;
    result.token = value.slice(start, i);
  }
  const params = readParams(value, i, false);
  reportParamIssues(list, 'identity', 'Identity', params.issues);
  result.params = toParams(params.entries);

  if (result.token.length === 0) {
    list.add('error', 'identity.empty', 'Identity has no PASSporT token.');
    result.problems = list.finish();
    return result;
  }

  const segments = result.token.split('.');
  if (legacyQuoted || segments.length === 1) {
    result.form = 'legacy';
    list.add(
      'note',
      'identity.legacy',
      'Identity holds an RFC 4474 signature rather than an RFC 8224 PASSporT.',
    );
  } else if (segments.length !== 3) {
    list.add(
      'error',
      'identity.token-parts',
      `The Identity token has ${segments.length} dot-separated parts; a PASSporT has 3.`,
    );
  } else {
    decodeJwt(segments as [string, string, string], result, list);
  }

  const info = findParam(params.entries, 'info');
  if (!info || info.value === null) {
    if (!legacyQuoted)
      list.add(
        'warning',
        'identity.info-missing',
        'Identity has no info parameter pointing at the signing certificate.',
      );
  } else {
    const text = info.value;
    if (text.startsWith('<') && text.endsWith('>')) result.info = text.slice(1, -1);
    else {
      result.info = text;
      list.add(
        'warning',
        'identity.info-brackets',
        'The Identity info URI should be enclosed in angle brackets.',
      );
    }
  }
  const alg = findParam(params.entries, 'alg');
  if (alg?.value != null) result.alg = alg.value;
  const ppt = findParam(params.entries, 'ppt');
  if (ppt?.value != null) result.ppt = ppt.value;

  const header = isRecord(result.jwtHeader) ? result.jwtHeader : undefined;
  if (header) {
    if (result.alg !== undefined && typeof header.alg === 'string' && header.alg !== result.alg) {
      list.add(
        'warning',
        'identity.alg-mismatch',
        `Identity alg=${clip(result.alg)} differs from the PASSporT's alg ${clip(header.alg)}.`,
      );
    }
    if (typeof header.ppt === 'string') {
      if (result.ppt === undefined) {
        list.add(
          'note',
          'identity.ppt-missing',
          `The PASSporT uses extension "${clip(header.ppt)}" but Identity has no ppt parameter.`,
        );
      } else if (result.ppt !== header.ppt) {
        list.add(
          'warning',
          'identity.ppt-mismatch',
          `Identity ppt=${clip(result.ppt)} differs from the PASSporT's ppt ${clip(header.ppt)}.`,
        );
      }
    }
  }
  result.problems = list.finish();
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeJwt(
  segments: [string, string, string],
  result: IdentityValue,
  list: ProblemList,
): void {
  const [headerPart, payloadPart, signature] = segments;
  result.form = payloadPart.length === 0 ? 'compact' : 'full';
  result.signature = signature;
  const header = decodeJson(headerPart);
  if (isRecord(header)) result.jwtHeader = header;
  else
    list.add('error', 'identity.jwt-header', 'The PASSporT header is not base64url-encoded JSON.');
  if (payloadPart.length > 0) {
    const payload = decodeJson(payloadPart);
    if (payload !== undefined) result.payload = payload;
    else
      list.add(
        'warning',
        'identity.jwt-payload',
        'The PASSporT payload is not base64url-encoded JSON.',
      );
  }
  if (signature.length === 0)
    list.add('error', 'identity.signature-missing', 'The PASSporT has no signature.');
  else if (decodeBase64Url(signature) === undefined) {
    list.add(
      'warning',
      'identity.signature-chars',
      'The PASSporT signature is not base64url text.',
    );
  }
}

function decodeJson(segment: string): unknown {
  const bytes = decodeBase64Url(segment);
  if (!bytes) return undefined;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const BASE64URL = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  BASE64URL['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.charCodeAt(i)] = i;
}

/** Decodes base64url (padding optional); undefined when another character appears. */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
  if (end % 4 === 1) return undefined;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? (BASE64URL[c] ?? -1) : -1;
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  return out.subarray(0, o);
}
