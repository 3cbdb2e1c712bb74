// Entry point: parseSdp and its line loop, dispatching to the session, media and attribute parsers.
/**
 * SDP session descriptions (RFC 4566 / RFC 8866) as offers and answers carry
 * them (RFC 3264): the lines a media diagnosis needs (one-way audio, codec
 * mismatch, SRTP or ICE failures) turned into per-media facts: effective
 * direction and connection address, codecs, crypto, fingerprint, candidates.
 * One pass over the lines, no backtracking; problems instead of exceptions.
 */
import { clip, ProblemList } from '../content-type.js';
import { applyMediaLine, finishMedia, parseMediaLine } from './media-lines.js';
import type { SdpMedia, SdpOptions, SdpSession } from './sdp-types.js';
import { applySessionLine, newLevel } from './session-lines.js';

const SESSION_ONLY = new Set(['v', 'o', 's', 'u', 'e', 'p', 't', 'r', 'z']);
const KNOWN_TYPES = new Set([
  'v',
  'o',
  's',
  'i',
  'u',
  'e',
  'p',
  'c',
  'b',
  't',
  'r',
  'z',
  'k',
  'a',
  'm',
]);

/** Parses an SDP body. Never throws; what is wrong or missing becomes a problem. */
export function parseSdp(text: string, options: SdpOptions = {}): SdpSession {
  const firstLine = options.firstLine ?? 1;
  const list = new ProblemList();
  const session: SdpSession = { ...newLevel(), timing: [], groups: [], media: [], problems: [] };
  const seen = new Set<string>();
  let media: SdpMedia | undefined;
  let index = 0;
  let start = 0;
  let sawContent = false;
  let pendingBlank = -1;
  const n = text.length;

  while (start <= n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = n;
    const next = end + 1;
    let lineEnd = end;
    if (lineEnd > start && text.charCodeAt(lineEnd - 1) === 0x0d) lineEnd--;
    const lineNo = firstLine + index;
    index++;
    const line = text.slice(start, lineEnd);
    start = next;

    if (line.trim().length === 0) {
      // Blank lines are only a problem when more SDP follows them.
      if (sawContent && pendingBlank < 0) pendingBlank = lineNo;
      if (end >= n) break;
      continue;
    }
    if (pendingBlank >= 0) {
      list.add(
        'warning',
        'sdp.line.blank',
        'The SDP has a blank line between its lines.',
        pendingBlank,
      );
      pendingBlank = -1;
    }
    if (!sawContent && !line.startsWith('v=')) {
      list.add('error', 'sdp.version.not-first', 'The SDP does not start with a v= line.', lineNo);
    }
    sawContent = true;

    if (line.length < 2 || line.charCodeAt(1) !== 0x3d) {
      list.add(
        'error',
        'sdp.line.syntax',
        `SDP line "${clip(line)}" is not of the form <type>=<value>.`,
        lineNo,
      );
      if (end >= n) break;
      continue;
    }
    const type = line.charAt(0);
    const value = line.slice(2);
    if (!KNOWN_TYPES.has(type)) {
      list.add(
        'note',
        'sdp.line.unknown-type',
        `SDP line type "${clip(type)}=" is not defined by RFC 8866 and was ignored.`,
        lineNo,
      );
    } else if (type === 'm') {
      media = parseMediaLine(value, lineNo, list);
      session.media.push(media);
    } else if (media && SESSION_ONLY.has(type)) {
      list.add(
        'warning',
        'sdp.line.order',
        `SDP session-level line "${type}=" appears inside a media description.`,
        lineNo,
      );
    } else if (media) {
      applyMediaLine(media, type, value, lineNo, list);
    } else {
      if ((type === 'v' || type === 'o' || type === 's' || type === 'c') && seen.has(type)) {
        list.add(
          'warning',
          'sdp.line.duplicate',
          `The SDP session has more than one "${type}=" line; the first is used.`,
          lineNo,
        );
      } else {
        applySessionLine(session, type, value, lineNo, list);
      }
      seen.add(type);
    }
    if (end >= n) break;
  }

  if (!sawContent) {
    list.add('error', 'sdp.empty', 'The SDP body is empty.', firstLine);
    session.problems = list.finish();
    return session;
  }
  if (!seen.has('v'))
    list.add('error', 'sdp.version.missing', 'The SDP has no v= line.', firstLine);
  if (!seen.has('o'))
    list.add('error', 'sdp.origin.missing', 'The SDP has no o= (origin) line.', firstLine);
  if (!seen.has('s'))
    list.add(
      'error',
      'sdp.session-name.missing',
      'The SDP has no s= (session name) line.',
      firstLine,
    );
  if (!seen.has('t'))
    list.add('error', 'sdp.timing.missing', 'The SDP has no t= (timing) line.', firstLine);
  const holdLines = new Set<number>();
  for (const m of session.media) finishMedia(session, m, list, holdLines);
  session.problems = list.finish();
  return session;
}
