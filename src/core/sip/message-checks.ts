/**
 * Checks on a parsed message as a whole, beyond the grammar of each header:
 * mandatory headers, CSeq against the method, and what an RFC-compliant
 * element would answer to things it does not support (416, 420, 415, 406,
 * 401, 501, 483). Support questions are notes: the parser cannot know what
 * the receiving element implements, so they say what is likely to happen.
 */
import { isDigit, skipWhitespace } from './char-classes.js';
import { HeaderKind } from './header-names.js';
import { SIP_METHOD_SET } from './methods.js';
import type { ProblemCollector } from './problem-collector.js';
import {
  NOT_DIGITS,
  readDecimal,
  readNumberValue,
  TOO_LARGE,
  UINT32_MAX,
} from './scalar-values.js';
import type { Header, SipMessage } from './sip-message.js';
import { splitListValues } from './split-values.js';
import { excerpt } from './syntax-issue.js';

const KNOWN_METHODS = SIP_METHOD_SET;

/** Option tags registered with IANA (SIP Option Tags registry). */
const KNOWN_OPTION_TAGS = new Set([
  '100rel',
  '199',
  'answermode',
  'early-session',
  'eventlist',
  'explicitsub',
  'from-change',
  'geolocation-http',
  'geolocation-sip',
  'gin',
  'gruu',
  'histinfo',
  'ice',
  'join',
  'multiple-refer',
  'norefersub',
  'nosub',
  'outbound',
  'path',
  'policy',
  'precondition',
  'pref',
  'privacy',
  'recipient-list-invite',
  'recipient-list-message',
  'recipient-list-subscribe',
  'record-aware',
  'replaces',
  'resource-priority',
  'sdp-anat',
  'sec-agree',
  'siprec',
  'tdialog',
  'timer',
  'trickle-ice',
  'uui',
]);

/** Body types SIP elements commonly handle, besides whole families (multipart/*, text/*, *+xml...). */
const KNOWN_MEDIA_TYPES = new Set([
  'application/sdp',
  'application/isup',
  'application/qsig',
  'application/dtmf-relay',
  'application/dtmf',
  'application/hook-flash',
  'application/json',
  'application/xml',
  'application/pkcs7-mime',
  'application/pkcs7-signature',
  'application/simple-message-summary',
  'application/sipfrag',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
]);

function isKnownMediaType(type: string): boolean {
  return (
    KNOWN_MEDIA_TYPES.has(type) ||
    type.startsWith('multipart/') ||
    type.startsWith('text/') ||
    type.startsWith('message/') ||
    type.startsWith('application/vnd.') ||
    type.endsWith('+xml') ||
    type.endsWith('+json')
  );
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function digitsOnly(text: string, length: number): boolean {
  if (text.length !== length) return false;
  for (let i = 0; i < length; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/** Where "Sat, 13 Nov 2010 23:29:00 GMT" has digits. */
const DATE_DIGITS = [5, 6, 12, 13, 14, 15, 17, 18, 20, 21, 23, 24];

/** "Sat, 13 Nov 2010 23:29:00 GMT" in its usual spelling, checked without splitting (the common case). */
function isPlainGmtDate(v: string): boolean {
  if (v.length !== 29 || !v.endsWith(' GMT') || v.charCodeAt(3) !== 44 || v.charCodeAt(4) !== 32)
    return false;
  for (const at of DATE_DIGITS) if (!isDigit(v.charCodeAt(at))) return false;
  if (v.charCodeAt(7) !== 32 || v.charCodeAt(11) !== 32 || v.charCodeAt(16) !== 32) return false;
  if (v.charCodeAt(19) !== 58 || v.charCodeAt(22) !== 58) return false;
  return (
    WEEKDAYS.includes(v.slice(0, 3).toLowerCase()) && MONTHS.includes(v.slice(8, 11).toLowerCase())
  );
}

/** What is wrong with a Date value (RFC 3261 §20.17: RFC 1123 date in GMT), or undefined. */
function dateDefect(value: string): string | undefined {
  if (isPlainGmtDate(value)) return undefined;
  const words = value.trim().split(' ');
  if (words.length !== 6) return 'it is not of the form "Sat, 13 Nov 2010 23:29:00 GMT"';
  const [day = '', date = '', month = '', year = '', time = '', zone = ''] = words;
  if (day.length !== 4 || !day.endsWith(',') || !WEEKDAYS.includes(day.slice(0, 3).toLowerCase())) {
    return `"${excerpt(day, 10)}" is not a weekday followed by a comma`;
  }
  if (!digitsOnly(date, 2) || !MONTHS.includes(month.toLowerCase()) || !digitsOnly(year, 4)) {
    return `"${excerpt(`${date} ${month} ${year}`, 30)}" is not a date such as "13 Nov 2010"`;
  }
  const [hh = '', mm = '', ss = '', ...more] = time.split(':');
  if (more.length > 0 || !digitsOnly(hh, 2) || !digitsOnly(mm, 2) || !digitsOnly(ss, 2)) {
    return `"${excerpt(time, 12)}" is not a time such as "23:29:00"`;
  }
  if (zone.toUpperCase() !== 'GMT')
    return `the time zone is "${excerpt(zone, 10)}", but SIP dates must be in GMT`;
  return undefined;
}

/** One slot per HeaderKind. */
export const KIND_SLOTS = Math.max(...Object.values(HeaderKind)) + 1;

/** Headers every request and response carries (RFC 3261 §8.1.1), and their names. */
const REQUIRED: readonly HeaderKind[] = [
  HeaderKind.To,
  HeaderKind.From,
  HeaderKind.CallId,
  HeaderKind.CSeq,
  HeaderKind.Via,
];
const REQUIRED_NAMES: readonly string[] = ['To', 'From', 'Call-ID', 'CSeq', 'Via'];

/** Headers whose option tags an element must support. */
const OPTION_TAG_HEADERS = [
  [HeaderKind.Require, 'require', 'Require'],
  [HeaderKind.ProxyRequire, 'proxy-require', 'Proxy-Require'],
] as const;

function checkMandatory(
  m: SipMessage,
  first: readonly (Header | undefined)[],
  problems: ProblemCollector,
): void {
  for (let r = 0; r < REQUIRED.length; r++) {
    const kind = REQUIRED[r] as HeaderKind;
    const name = REQUIRED_NAMES[r] as string;
    if (first[kind] === undefined) {
      problems.add(
        'error',
        'header.missing',
        `The mandatory ${name} header is missing (RFC 3261 §8.1.1).`,
        undefined,
        400,
      );
    }
  }
  if (m.kind === 'request' && first[HeaderKind.MaxForwards] === undefined) {
    problems.add(
      'warning',
      'header.missing',
      'Max-Forwards is missing; RFC 3261 §8.1.1.6 requires it, though proxies accept its absence from RFC 2543 elements.',
    );
  }
}

function checkRequest(
  m: SipMessage,
  first: readonly (Header | undefined)[],
  problems: ProblemCollector,
  startLine: number,
): void {
  const method = m.method ?? '';
  const cseqHeader = first[HeaderKind.CSeq];
  if (m.cseq !== undefined && m.cseq.method !== method) {
    problems.add(
      'error',
      'cseq.method-mismatch',
      `The CSeq method ${excerpt(m.cseq.method, 30)} differs from the request method ${excerpt(method, 30)}; they must be equal (RFC 3261 §8.1.1.5).`,
      cseqHeader?.line,
      400,
    );
  }
  if (!KNOWN_METHODS.has(method)) {
    problems.add(
      'note',
      'method.unknown',
      `${excerpt(method, 40)} is not a standard SIP method; a UAS that does not implement it answers 501 Not Implemented (a proxy forwards it).`,
      startLine,
      501,
    );
  }
  const from = m.from;
  if (from !== undefined && from.tag === undefined) {
    problems.add(
      'note',
      'from.tag-missing',
      'From has no tag, as RFC 2543 elements send; RFC 3261 §8.1.1.3 requires one.',
      first[HeaderKind.From]?.line,
    );
  }
  if (m.maxForwards === 0) {
    problems.add(
      'note',
      'max-forwards.zero',
      'Max-Forwards is 0: a proxy must not forward it and answers 483 Too Many Hops (the target UAS may still answer an OPTIONS).',
      first[HeaderKind.MaxForwards]?.line,
      483,
    );
  }
  // Read for a REGISTER only: To's URI is parsed on first read (see name-addr.ts).
  const toScheme = method === 'REGISTER' ? m.to?.uri?.scheme : undefined;
  if (toScheme !== undefined && toScheme !== 'sip' && toScheme !== 'sips') {
    problems.add(
      'note',
      'register.aor-scheme',
      `The address-of-record in To is a ${excerpt(toScheme, 20)} URI; a registrar answers 400 because only sip and sips can be registered.`,
      first[HeaderKind.To]?.line,
      400,
    );
  }
  const topVia = m.via[0];
  if (topVia !== undefined) {
    const viaLine = first[HeaderKind.Via]?.line;
    if (topVia.branch === undefined) {
      problems.add(
        'note',
        'via.branch-missing',
        'The top Via has no branch, as RFC 2543 elements send; transactions are then matched the RFC 2543 way.',
        viaLine,
      );
    } else if (topVia.branch === 'z9hG4bK') {
      problems.add(
        'warning',
        'via.branch-cookie-only',
        'The top Via branch is just the magic cookie "z9hG4bK" with no transaction id (RFC 4475 §3.2.1); the element answers 400 or falls back to RFC 2543 matching.',
        viaLine,
        400,
      );
    }
  }
  checkOptionTags(m, first, problems);
  checkBodyAcceptance(m, first, problems);
  checkAuthorization(first[HeaderKind.Authorization], 'Authorization', 401, problems);
  checkAuthorization(first[HeaderKind.ProxyAuthorization], 'Proxy-Authorization', 407, problems);
}

function checkOptionTags(
  m: SipMessage,
  first: readonly (Header | undefined)[],
  problems: ProblemCollector,
): void {
  for (const [kind, key, name] of OPTION_TAG_HEADERS) {
    const header = first[kind];
    if (header === undefined) continue;
    const unknown = m.values(key).filter((tag) => !KNOWN_OPTION_TAGS.has(tag.toLowerCase()));
    if (unknown.length === 0) continue;
    problems.add(
      'note',
      'require.unknown-option',
      `${name} lists option tags that are not registered (${excerpt(unknown.join(', '), 80)}); an element that does not support them answers 420 Bad Extension with Unsupported.`,
      header.line,
      420,
    );
  }
}

/** "Application/SDP; x=y" -> "application/sdp". */
function mediaTypeOf(value: string): string {
  const semi = value.indexOf(';');
  return (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
}

function checkBodyAcceptance(
  m: SipMessage,
  first: readonly (Header | undefined)[],
  problems: ProblemCollector,
): void {
  if (m.bodyBytes === 0) return;
  const ct = first[HeaderKind.ContentType];
  if (ct === undefined) {
    problems.add(
      'warning',
      'content-type.missing',
      'The message has a body but no Content-Type (RFC 3261 §20.15 requires one).',
    );
    return;
  }
  const type = ct.value === 'application/sdp' ? ct.value : mediaTypeOf(ct.value);
  if (!isKnownMediaType(type)) {
    problems.add(
      'note',
      'content-type.unsupported',
      `The body is ${excerpt(type, 60)}, a type SIP elements rarely understand; a UAS that cannot process it answers 415 Unsupported Media Type.`,
      ct.line,
      415,
    );
  }
  const accept = first[HeaderKind.Accept];
  if (
    m.method === 'INVITE' &&
    type === 'application/sdp' &&
    accept !== undefined &&
    accept.value !== 'application/sdp'
  ) {
    const ranges = m.values('accept').map(mediaTypeOf);
    if (!ranges.some((r) => r === 'application/sdp' || r === 'application/*' || r === '*/*')) {
      problems.add(
        'note',
        'accept.excludes-sdp',
        `The INVITE offers SDP but Accept (${excerpt(accept.value, 60)}) does not accept application/sdp, so no answer can be sent: expect 406 Not Acceptable.`,
        accept.line,
        406,
      );
    }
  }
}

function checkAuthorization(
  h: Header | undefined,
  name: string,
  code: number,
  problems: ProblemCollector,
): void {
  if (h === undefined) return;
  const start = skipWhitespace(h.value, 0);
  let end = start;
  while (end < h.value.length && h.value.charCodeAt(end) > 32) end++;
  const scheme = h.value.slice(start, end).toLowerCase();
  if (scheme === 'digest' || scheme === 'bearer') return;
  problems.add(
    'note',
    'authorization.scheme-unknown',
    `${name} uses the scheme "${excerpt(h.value.slice(start, end), 30)}", which SIP elements do not implement; expect a new challenge (${code}).`,
    h.line,
    code,
  );
}

function checkNumbers(
  m: SipMessage,
  first: readonly (Header | undefined)[],
  problems: ProblemCollector,
): void {
  const expires = first[HeaderKind.Expires];
  if (expires !== undefined) {
    const value = readNumberValue(expires.value, UINT32_MAX);
    if (value === NOT_DIGITS) {
      problems.add(
        'warning',
        'expires.malformed',
        `Expires "${excerpt(expires.value)}" is not a number of seconds.`,
        expires.line,
      );
    } else if (value === TOO_LARGE) {
      problems.add(
        'warning',
        'expires.out-of-range',
        `Expires ${excerpt(expires.value.trim(), 30)} is above 2^32-1 seconds; treat it as the default.`,
        expires.line,
      );
    }
  }
  const retry = first[HeaderKind.RetryAfter];
  if (retry !== undefined) {
    const start = skipWhitespace(retry.value, 0);
    let end = start;
    while (end < retry.value.length && isDigit(retry.value.charCodeAt(end))) end++;
    const value = readDecimal(retry.value, start, end, UINT32_MAX);
    if (value === NOT_DIGITS) {
      problems.add(
        'warning',
        'retry-after.malformed',
        `Retry-After "${excerpt(retry.value)}" does not start with a number of seconds.`,
        retry.line,
      );
    } else if (value === TOO_LARGE) {
      problems.add(
        'warning',
        'retry-after.out-of-range',
        `Retry-After ${excerpt(retry.value.slice(start, end), 30)} is above 2^32-1 seconds.`,
        retry.line,
      );
    }
  }
  if (first[HeaderKind.Warning] !== undefined) {
    for (const h of m.headers) {
      if (h.key !== 'warning') continue;
      for (const w of splitListValues(h.value)) {
        const sp = w.indexOf(' ');
        const code = sp < 0 ? w : w.slice(0, sp);
        if (!digitsOnly(code, 3)) {
          problems.add(
            'warning',
            'warning.malformed',
            `The warn-code "${excerpt(code, 20)}" is not three digits.`,
            h.line,
          );
        }
      }
    }
  }
}

/**
 * Runs the whole-message checks; `first[kind]` is the first header of each
 * HeaderKind in `m.headers` (one slot per kind, KIND_SLOTS in all).
 */
export function checkMessage(
  m: SipMessage,
  first: readonly (Header | undefined)[],
  problems: ProblemCollector,
  startLine: number,
): void {
  checkMandatory(m, first, problems);
  if (m.kind === 'request') checkRequest(m, first, problems, startLine);
  for (let i = 0; i < m.via.length; i++) {
    if (m.via[i]?.host === '255.255.255.255') {
      problems.add(
        'warning',
        'via.broadcast',
        `Via #${i + 1} has the broadcast address 255.255.255.255 as sent-by (RFC 4475 §3.3.10); never send a response there.`,
        first[HeaderKind.Via]?.line,
      );
    }
  }
  const date = first[HeaderKind.Date];
  if (date !== undefined) {
    const defect = dateDefect(date.value);
    if (defect !== undefined) {
      problems.add(
        'error',
        'date.malformed',
        `Date "${excerpt(date.value)}" is invalid: ${defect} (RFC 3261 §20.17).`,
        date.line,
        400,
      );
    }
  }
  checkNumbers(m, first, problems);
}
