/**
 * Authentication header values: WWW-Authenticate and Proxy-Authenticate
 * challenges, Authorization and Proxy-Authorization credentials (RFC 3261
 * §22 and §25, RFC 2617, RFC 7616, RFC 8760). Registration and call failures
 * often come down to one of these parameters, so every parameter is kept with
 * its raw text next to the decoded value.
 */
import { isHexDigit, isTokenChar } from './char-classes.js';
import {
  clip,
  isSpace,
  type ParamEntry,
  ProblemList,
  readQuoted,
  skipSpace,
} from './content-type.js';
import type { Problem } from './types.js';

/** One challenge or one set of credentials: a scheme followed by parameters (or a token68). */
export interface AuthValue {
  /** The scheme as written ("Digest", "Basic", "Bearer"...). */
  scheme: string;
  /** This challenge's text as written. */
  raw: string;
  /** Every parameter in order; names lower-cased, values unquoted, raw text kept. */
  params: ParamEntry[];
  /** The single opaque credential of schemes such as Basic or Bearer. */
  token68?: string;
  realm?: string;
  domain?: string;
  nonce?: string;
  opaque?: string;
  /** As written ("MD5", "SHA-256", "AKAv1-MD5"...). */
  algorithm?: string;
  /** The qop value as written, unquoted ("auth" or, in a challenge, "auth,auth-int"). */
  qop?: string;
  /** The qop value split at commas (the options a challenge offers). */
  qopOptions?: string[];
  stale?: boolean;
  username?: string;
  uri?: string;
  response?: string;
  cnonce?: string;
  /** The nonce count as written (8 hex digits). */
  nc?: string;
  /** The nonce count as a number, when it is hexadecimal. */
  ncValue?: number;
}

export interface DigestParseResult {
  values: AuthValue[];
  problems: Problem[];
}

export interface DigestOptions {
  /** What the header carries; decides which parameters are required. Guessed when absent. */
  kind?: 'challenge' | 'credentials';
  /** Line of the header in the message, copied to every problem. */
  line?: number;
}

/** Real headers hold one to three challenges; more than this is hostile input, not read further. */
export const MAX_AUTH_VALUES = 64;

const KNOWN_ALGORITHMS = new Set([
  'md5',
  'md5-sess',
  'sha-256',
  'sha-256-sess',
  'sha-512-256',
  'sha-512-256-sess',
  'akav1-md5',
  'akav2-md5',
]);

const CHALLENGE_REQUIRED = ['realm', 'nonce'] as const;
const CREDENTIALS_REQUIRED = ['username', 'realm', 'nonce', 'uri', 'response'] as const;
/** Parameters RFC 3261 writes as quoted strings (qop only in challenges, handled apart). */
const QUOTED_PARAMS = new Set([
  'realm',
  'domain',
  'nonce',
  'opaque',
  'username',
  'uri',
  'response',
  'cnonce',
]);
/** Parameters RFC 3261 writes as bare tokens. */
const TOKEN_PARAMS = new Set(['algorithm', 'stale', 'nc']);

/**
 * Parses an authentication header value into its challenges or credentials
 * (several may be comma-joined). Never throws.
 */
export function parseDigest(value: string, options: DigestOptions = {}): DigestParseResult {
  const list = new ProblemList(options.line);
  const values = scanAuthValues(value, list);
  if (values.length === 0 && list.problems.length === 0) {
    list.add(
      'error',
      'digest.empty',
      'The authentication header is empty; it should start with a scheme such as Digest.',
    );
  }
  for (const v of values) {
    fillFields(v);
    if (v.scheme.toLowerCase() === 'digest') checkDigest(v, options.kind, list);
  }
  return { values, problems: list.finish() };
}

function scanAuthValues(text: string, list: ProblemList): AuthValue[] {
  const values: AuthValue[] = [];
  const n = text.length;
  let current: AuthValue | undefined;
  let currentStart = 0;
  let lastEnd = 0;
  let sawComma = true;
  const close = (end: number) => {
    if (current) current.raw = text.slice(currentStart, end).trim();
  };
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === 0x2c) {
      sawComma = true;
      i++;
      continue;
    }
    if (!isTokenChar(c)) {
      list.add(
        'warning',
        'digest.stray-text',
        `Unexpected text "${clip(text.slice(i, i + 20))}" in the authentication header was ignored.`,
      );
      i = skipToComma(text, i);
      continue;
    }
    const nameStart = i;
    while (i < n && isTokenChar(text.charCodeAt(i))) i++;
    const name = text.slice(nameStart, i);
    const afterName = skipSpace(text, i);
    if (text.charCodeAt(afterName) === 0x3d) {
      // name=value: a parameter of the current challenge.
      if (!current) {
        list.add(
          'error',
          'digest.scheme.missing',
          `The authentication header starts with the parameter "${clip(name)}" instead of a scheme such as Digest.`,
        );
        current = { scheme: '', raw: '', params: [] };
        currentStart = nameStart;
        values.push(current);
      } else if (!sawComma) {
        list.add(
          'warning',
          'digest.comma.missing',
          `Parameter "${clip(name)}" is not separated from the previous one by a comma.`,
        );
      }
      const read = readAuthParamValue(text, skipSpace(text, afterName + 1));
      if (!read.closed) {
        list.add(
          'error',
          'digest.quote.unterminated',
          `The quoted value of "${clip(name)}" is never closed.`,
        );
      }
      if (read.raw.length === 0) {
        list.add(
          'error',
          'digest.param.value-missing',
          `Parameter "${clip(name)}" has "=" but no value.`,
        );
      }
      current.params.push({
        name: name.toLowerCase(),
        value: read.value,
        raw: read.raw,
        quoted: read.quoted,
      });
      i = read.end;
      lastEnd = i;
      sawComma = false;
      continue;
    }
    // A bare token starts a new challenge.
    if (values.length >= MAX_AUTH_VALUES) {
      list.add(
        'warning',
        'digest.too-many',
        `The authentication header holds more than ${MAX_AUTH_VALUES} challenges; the rest was not read.`,
      );
      break;
    }
    close(lastEnd);
    current = { scheme: name, raw: '', params: [] };
    currentStart = nameStart;
    values.push(current);
    i = afterName;
    lastEnd = nameStart + name.length;
    sawComma = true;
    // Digest always takes parameters, so "Digest realm=" stays an (empty) parameter.
    const token68 = name.toLowerCase() === 'digest' ? undefined : readToken68(text, i);
    if (token68) {
      current.token68 = token68.value;
      i = token68.end;
      lastEnd = i;
      sawComma = false;
    }
  }
  close(lastEnd);
  return values;
}

interface AuthValueRead {
  value: string;
  raw: string;
  quoted: boolean;
  closed: boolean;
  end: number;
}

function readAuthParamValue(text: string, start: number): AuthValueRead {
  if (text.charCodeAt(start) === 0x22) {
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
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x2c || isSpace(c)) break;
    i++;
  }
  const raw = text.slice(start, i);
  return { value: raw, raw, quoted: false, closed: true, end: i };
}

/** RFC 7235 token68: ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/", then optional "=" padding. */
function isToken68Char(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x2d ||
    c === 0x2e ||
    c === 0x5f ||
    c === 0x7e ||
    c === 0x2b ||
    c === 0x2f
  );
}

/** A token68 right after a scheme, when what follows is not a "name=value" parameter. */
function readToken68(text: string, start: number): { value: string; end: number } | undefined {
  let i = start;
  while (i < text.length && isToken68Char(text.charCodeAt(i))) i++;
  if (i === start) return undefined;
  while (text.charCodeAt(i) === 0x3d) i++;
  const after = skipSpace(text, i);
  if (after < text.length && text.charCodeAt(after) !== 0x2c) return undefined;
  return { value: text.slice(start, i), end: i };
}

function skipToComma(text: string, i: number): number {
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 0x2c) return j;
    if (c === 0x22) {
      j = readQuoted(text, j).end;
      continue;
    }
    j++;
  }
  return j;
}

function firstValue(v: AuthValue, name: string): string | undefined {
  for (const p of v.params) if (p.name === name) return p.value ?? undefined;
  return undefined;
}

function fillFields(v: AuthValue): void {
  const set = (
    name:
      | 'realm'
      | 'domain'
      | 'nonce'
      | 'opaque'
      | 'algorithm'
      | 'username'
      | 'uri'
      | 'response'
      | 'cnonce'
      | 'nc',
  ) => {
    const found = firstValue(v, name);
    if (found !== undefined) v[name] = found;
  };
  set('realm');
  set('domain');
  set('nonce');
  set('opaque');
  set('algorithm');
  set('username');
  set('uri');
  set('response');
  set('cnonce');
  set('nc');
  const qop = firstValue(v, 'qop');
  if (qop !== undefined) {
    v.qop = qop;
    v.qopOptions = qop
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o.length > 0);
  }
  const stale = firstValue(v, 'stale');
  if (stale !== undefined) {
    const lower = stale.toLowerCase();
    if (lower === 'true') v.stale = true;
    else if (lower === 'false') v.stale = false;
  }
  if (v.nc !== undefined && isHex(v.nc) && v.nc.length <= 13) v.ncValue = Number.parseInt(v.nc, 16);
}

function isHex(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isHexDigit(text.charCodeAt(i))) return false;
  return true;
}

function checkDigest(v: AuthValue, kind: DigestOptions['kind'], list: ProblemList): void {
  const credentials = kind
    ? kind === 'credentials'
    : v.response !== undefined || v.username !== undefined;
  const seen = new Set<string>();
  for (const p of v.params) {
    if (seen.has(p.name)) {
      list.add(
        'warning',
        'digest.param.duplicate',
        `Digest parameter "${p.name}" appears more than once; only the first is used.`,
      );
    }
    seen.add(p.name);
    if (p.raw === null || p.raw.length === 0) continue;
    if (QUOTED_PARAMS.has(p.name) && !p.quoted) {
      list.add(
        'note',
        'digest.param.unquoted',
        `Digest parameter "${p.name}" should be a quoted string; some servers reject it unquoted.`,
      );
    } else if (TOKEN_PARAMS.has(p.name) && p.quoted) {
      list.add(
        'note',
        'digest.param.quoted',
        `Digest parameter "${p.name}" should be a bare token, not a quoted string; some servers reject it quoted.`,
      );
    }
  }

  const required = credentials ? CREDENTIALS_REQUIRED : CHALLENGE_REQUIRED;
  const what = credentials ? 'credentials' : 'challenge';
  for (const name of required) {
    if (v[name] === undefined) {
      list.add(
        'error',
        `digest.required.${name}`,
        `The Digest ${what} has no "${name}" parameter, which it requires.`,
      );
    }
  }

  if (v.algorithm !== undefined && !KNOWN_ALGORITHMS.has(v.algorithm.toLowerCase())) {
    list.add(
      'note',
      'digest.algorithm.unknown',
      `Digest algorithm "${clip(v.algorithm)}" is not one the registries define (MD5, SHA-256, SHA-512-256, their -sess forms, AKA).`,
    );
  }
  if (v.stale === undefined && firstValue(v, 'stale') !== undefined) {
    list.add('warning', 'digest.stale.value', 'Digest "stale" should be TRUE or FALSE.');
  }
  if (v.nc !== undefined && !(v.nc.length === 8 && isHex(v.nc))) {
    list.add(
      'warning',
      'digest.nc.syntax',
      `Digest nonce count "${clip(v.nc)}" should be exactly 8 hexadecimal digits.`,
    );
  }
  // An empty response is normal in an IMS first REGISTER (3GPP TS 24.229), so it is not checked.
  if (
    v.response !== undefined &&
    v.response !== '' &&
    !(isHex(v.response) && (v.response.length === 32 || v.response.length === 64))
  ) {
    list.add(
      'warning',
      'digest.response.syntax',
      `Digest response "${clip(v.response)}" is not a 32- or 64-digit hexadecimal hash.`,
    );
  }
  if (credentials && v.qop !== undefined) {
    if (v.qopOptions && v.qopOptions.length > 1) {
      list.add(
        'error',
        'digest.qop.multiple',
        `Digest credentials must choose one qop, not "${clip(v.qop)}".`,
      );
    }
    if (v.cnonce === undefined) {
      list.add(
        'error',
        'digest.qop.cnonce-missing',
        'Digest credentials with qop must carry a cnonce.',
      );
    }
    if (v.nc === undefined) {
      list.add(
        'error',
        'digest.qop.nc-missing',
        'Digest credentials with qop must carry a nonce count (nc).',
      );
    }
  }
  if (!credentials && v.qopOptions !== undefined) {
    for (const option of v.qopOptions) {
      const lower = option.toLowerCase();
      if (lower !== 'auth' && lower !== 'auth-int') {
        list.add(
          'note',
          'digest.qop.unknown',
          `Digest qop option "${clip(option)}" is neither auth nor auth-int.`,
        );
      }
    }
  }
}
