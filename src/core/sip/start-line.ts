/**
 * The first line of a message: Request-Line (Method SP Request-URI SP
 * SIP-Version) or Status-Line (SIP-Version SP Status-Code SP Reason-Phrase),
 * RFC 3261 §7.1-7.2. Exactly one SP separates the elements; extra or
 * trailing whitespace is reported and read past, so the values stay usable.
 */
import { isDigit, isToken, isWhitespace, matchesAt } from './char-classes.js';
import { SIP_METHODS } from './methods.js';
import type { ProblemCollector } from './problem-collector.js';
import { excerpt } from './syntax-issue.js';

export interface StartLine {
  kind: 'request' | 'response' | 'unknown';
  method: string | undefined;
  requestUri: string | undefined;
  version: string | undefined;
  code: number | undefined;
  reason: string | undefined;
}

const SP = 32;

const SIP_2_0 = 'SIP/2.0';

/** text[start, end) is exactly "SIP/2.0", checked without slicing. */
function isPlainSip20(text: string, start: number, end: number): boolean {
  return end - start === 7 && matchesAt(text, start, SIP_2_0);
}

/** The registered method written as text[0, end), as its shared constant; undefined otherwise. */
function knownMethod(text: string, end: number): string | undefined {
  for (let k = 0; k < SIP_METHODS.length; k++) {
    const m = SIP_METHODS[k] as string;
    if (m.length === end && matchesAt(text, 0, m)) return m;
  }
  return undefined;
}

/** "SIP/2.0" in any case. */
function isSip20(text: string): boolean {
  return text === 'SIP/2.0' || text.toUpperCase() === 'SIP/2.0';
}

/** "SIP/" followed by digits "." digits: a SIP version, supported or not. */
function isSipVersionShape(text: string): boolean {
  if (text.length < 7 || text.slice(0, 4).toUpperCase() !== 'SIP/') return false;
  const dot = text.indexOf('.', 4);
  if (dot <= 4 || dot === text.length - 1) return false;
  for (let i = 4; i < text.length; i++) {
    if (i !== dot && !isDigit(text.charCodeAt(i))) return false;
  }
  return true;
}

function startsWithSipSlash(text: string): boolean {
  return (
    text.length >= 4 &&
    (text.charCodeAt(0) | 32) === 115 &&
    (text.charCodeAt(1) | 32) === 105 &&
    (text.charCodeAt(2) | 32) === 112 &&
    text.charCodeAt(3) === 47
  );
}

function checkVersion(version: string, line: number, problems: ProblemCollector): void {
  if (isSip20(version)) return;
  if (isSipVersionShape(version)) {
    problems.add(
      'error',
      'start-line.version',
      `The message says ${excerpt(version)}; only SIP/2.0 exists, so a request gets 505 Version Not Supported.`,
      line,
      505,
    );
  } else {
    problems.add(
      'error',
      'start-line.version',
      `"${excerpt(version)}" is not a SIP version (expected SIP/2.0).`,
      line,
      400,
    );
  }
}

function parseStatusLine(text: string, line: number, problems: ProblemCollector): StartLine {
  const result: StartLine = {
    kind: 'response',
    method: undefined,
    requestUri: undefined,
    version: undefined,
    code: undefined,
    reason: undefined,
  };
  let sp = text.indexOf(' ');
  if (sp < 0) sp = text.length;
  if (isPlainSip20(text, 0, sp)) {
    result.version = SIP_2_0;
  } else {
    const version = text.slice(0, sp);
    result.version = version;
    checkVersion(version, line, problems);
  }
  let i = sp + 1;
  if (i < text.length && isWhitespace(text.charCodeAt(i))) {
    problems.add(
      'warning',
      'start-line.extra-space',
      'The Status-Line has more than one space after the version.',
      line,
    );
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
  }
  const codeStart = i;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  const digits = text.slice(codeStart, i);
  if (digits.length !== 3 || (i < text.length && text.charCodeAt(i) !== SP)) {
    const shown = digits.length > 0 ? digits : text.slice(codeStart, codeStart + 12);
    problems.add(
      'error',
      'start-line.status-code',
      `The status code "${excerpt(shown)}" is not three digits; the response cannot be used (never wrap it to a small code).`,
      line,
    );
  } else {
    const code = Number(digits);
    if (code < 100) {
      problems.add(
        'error',
        'start-line.status-code',
        `Status code ${digits} is below 100; codes run from 100 to 699.`,
        line,
      );
    } else {
      result.code = code;
      if (code > 699) {
        problems.add(
          'warning',
          'start-line.status-code',
          `Status code ${digits} is above 699, outside every response class.`,
          line,
        );
      }
    }
  }
  if (i >= text.length) {
    result.reason = '';
    if (result.code !== undefined) {
      problems.add(
        'note',
        'start-line.no-reason',
        'The Status-Line ends after the code with no space before the (empty) reason phrase.',
        line,
      );
    }
  } else {
    result.reason = text.slice(i + 1);
  }
  return result;
}

/** Splits at runs of SP/HTAB, noting whether any run was longer than one SP. */
function splitWords(text: string): { words: string[]; extraSpace: boolean } {
  const words: string[] = [];
  let extraSpace = false;
  let i = 0;
  while (i < text.length) {
    const start = i;
    while (i < text.length && !isWhitespace(text.charCodeAt(i))) i++;
    words.push(text.slice(start, i));
    const gap = i;
    while (i < text.length && isWhitespace(text.charCodeAt(i))) i++;
    if (i - gap > 1 || (i > gap && text.charCodeAt(gap) !== SP)) extraSpace = true;
  }
  return { words, extraSpace };
}

function parseRequestLine(text: string, line: number, problems: ProblemCollector): StartLine {
  const result: StartLine = {
    kind: 'request',
    method: undefined,
    requestUri: undefined,
    version: undefined,
    code: undefined,
    reason: undefined,
  };
  // The common case: exactly two single spaces.
  const sp1 = text.indexOf(' ');
  const sp2 = sp1 < 0 ? -1 : text.indexOf(' ', sp1 + 1);
  if (
    sp1 > 0 &&
    sp2 > sp1 + 1 &&
    sp2 < text.length - 1 &&
    text.indexOf(' ', sp2 + 1) < 0 &&
    text.indexOf('\t') < 0
  ) {
    const plain = isPlainSip20(text, sp2 + 1, text.length);
    const version = plain ? SIP_2_0 : text.slice(sp2 + 1);
    if (plain || startsWithSipSlash(version)) {
      const method = knownMethod(text, sp1) ?? text.slice(0, sp1);
      if (!isToken(method)) return unknownLine(text, line, problems);
      problems.request = true;
      result.method = method;
      result.requestUri = text.slice(sp1 + 1, sp2);
      result.version = version;
      if (!plain && !isSip20(version)) checkVersion(version, line, problems);
      return result;
    }
  }

  const leading = text.length > 0 && isWhitespace(text.charCodeAt(0));
  const trailing = text.length > 0 && isWhitespace(text.charCodeAt(text.length - 1));
  const { words, extraSpace } = splitWords(text.trim());
  const method = words[0] ?? '';
  if (!isToken(method) || words.length < 2) return unknownLine(text, line, problems);
  const last = words[words.length - 1] ?? '';
  if (!startsWithSipSlash(last) && (words[1] ?? '').indexOf(':') < 0)
    return unknownLine(text, line, problems);
  problems.request = true;
  result.method = method;
  if (leading)
    problems.add(
      'error',
      'start-line.leading-space',
      'The Request-Line starts with whitespace.',
      line,
      400,
    );
  if (extraSpace) {
    problems.add(
      'error',
      'start-line.extra-space',
      'The Request-Line separates its elements with more than one space; RFC 3261 allows exactly one SP (RFC 4475 §3.1.2.9).',
      line,
      400,
    );
  }
  if (trailing) {
    problems.add(
      'error',
      'start-line.trailing-space',
      'The Request-Line has whitespace after the SIP version (RFC 4475 §3.1.2.10); it was trimmed.',
      line,
      400,
    );
  }
  if (!startsWithSipSlash(last) || words.length < 3) {
    result.requestUri = words.slice(1).join(' ');
    return noVersion(result, text, line, problems);
  }
  result.version = last;
  checkVersion(last, line, problems);
  if (words.length === 3) {
    result.requestUri = words[1];
  } else {
    const t = text.trim();
    result.requestUri = t.slice(method.length, t.length - last.length).trim();
    problems.add(
      'error',
      'request-uri.whitespace',
      `The Request-URI "${excerpt(result.requestUri)}" contains whitespace, which is not allowed (RFC 4475 §3.1.2.8).`,
      line,
      400,
    );
  }
  return result;
}

function noVersion(
  result: StartLine,
  text: string,
  line: number,
  problems: ProblemCollector,
): StartLine {
  result.version = undefined;
  problems.add(
    'error',
    'start-line.malformed',
    `The Request-Line "${excerpt(text)}" has no SIP-Version at its end (expected "Method Request-URI SIP/2.0").`,
    line,
    400,
  );
  return result;
}

function unknownLine(text: string, line: number, problems: ProblemCollector): StartLine {
  problems.add(
    'error',
    'start-line.malformed',
    text.trim() === ''
      ? 'The message has no start line.'
      : `"${excerpt(text)}" is neither a Request-Line nor a Status-Line.`,
    line,
  );
  return {
    kind: 'unknown',
    method: undefined,
    requestUri: undefined,
    version: undefined,
    code: undefined,
    reason: undefined,
  };
}

/** Reads the start line, reporting what is wrong with it. */
export function parseStartLine(text: string, line: number, problems: ProblemCollector): StartLine {
  if (startsWithSipSlash(text)) return parseStatusLine(text, line, problems);
  return parseRequestLine(text, line, problems);
}
