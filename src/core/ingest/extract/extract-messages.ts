/**
 * The paste extractor: every SIP message in arbitrary pasted text, with its
 * time, addresses and transport when the text gives them. Bare messages,
 * Markdown and chat quoting, log prefixes (syslog, journald, Docker, xlog,
 * ESP-IDF), escaped line ends (rsyslog's #015#012, Python bytes literals),
 * sngrep, tshark -V / -O sip and Wireshark's text export, ngrep, tcpdump
 * -A / -v, Asterisk, FreeSWITCH and drachtio (Sofia-SIP), pjsip, Snom,
 * belle-sip, SIPSorcery, JsSIP and SIP.js consoles, HOMER-style JSON and
 * JSON log lines. Never throws; limits become problems.
 */
import {
  DEFAULT_LIMITS,
  type MessageSource,
  type Problem,
  type SipLimits,
} from '../../sip/types.js';
import { RAISE_BYTES, RAISE_MESSAGES } from '../limit-advice.js';
import type { ExtractResult } from './extract-types.js';
import { findRecordsAndSkips, isRecordObject, parseJson } from './formats/homer-json.js';
import { type MessageConsumer, MessageSink } from './message-sink.js';
import { scanRecords, scanText } from './scan-lines.js';
import { cutToUtf8Bytes } from './text-bytes.js';

export type { ExtractResult } from './extract-types.js';
export type { MessageConsumer } from './message-sink.js';

/** Truncated messages reported one by one before the rest are summed up. */
const MAX_TRUNCATION_PROBLEMS = 20;

/**
 * Finds every SIP message in `text`. Never throws. With `consume`, each
 * message goes to it as it is found, and the result lists none. Should the
 * search fail part-way (a bug), what was found before is kept, and a problem
 * says so.
 */
export function extractMessages(
  text: string,
  limits: Partial<SipLimits> = {},
  consume?: MessageConsumer,
): ExtractResult {
  const maxMessages = positiveOr(limits.maxMessages, DEFAULT_LIMITS.maxMessages);
  const sink = new MessageSink(maxMessages, consume);
  try {
    return extract(typeof text === 'string' ? text : '', limits, sink);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const found = sink.count;
    const what =
      found === 0
        ? `The text could not be searched for SIP messages (${reason}).`
        : `The search for SIP messages stopped part-way (${reason}); the ${found} found before that are kept, and the rest of the text was not searched.`;
    return {
      messages: sink.messages,
      format: sink.format,
      problems: [
        {
          severity: 'error',
          id: 'extract.internal',
          message: `${what} This is a bug in sip-triage: please report it.`,
        },
      ],
    };
  }
}

function extract(text: string, limits: Partial<SipLimits>, sink: MessageSink): ExtractResult {
  const maxInputBytes = positiveOr(limits.maxInputBytes, DEFAULT_LIMITS.maxInputBytes);
  const problems: Problem[] = [];

  const input = cutToUtf8Bytes(text, maxInputBytes);
  if (input.length < text.length) {
    problems.push({
      severity: 'warning',
      id: 'input.limit',
      message: `The text is larger than ${maxInputBytes} bytes; only the first ${maxInputBytes} bytes were searched; ${RAISE_BYTES}`,
    });
  }

  let invalidJson = false;
  const opening = input.trimStart().slice(0, 40);
  let done = false;
  if (opening.startsWith('[') || opening.startsWith('{')) {
    const parsed = parseJson(input);
    // Asterisk logs start with "[date]" too: only text that opens like a JSON export gets a note.
    if (!parsed) invalidJson = /^\[\s*[{"]/.test(opening);
    else if (!isLogLine(parsed.value)) {
      const { records, skipped } = findRecordsAndSkips(parsed.value);
      for (const [reason, n] of Object.entries(skipped)) sink.skip(reason, n);
      scanRecords(records, sink, null);
      // An export of summary rows only holds no message: it is not searched as text either.
      done = records.length > 0 || Object.keys(skipped).length > 0;
    }
  }
  if (!done) scanText(input, sink);

  if (sink.overflow) {
    problems.push({
      severity: 'warning',
      id: 'input.limit',
      message: `The text holds more than ${sink.maxMessages} SIP messages; only the first ${sink.maxMessages} were taken; ${RAISE_MESSAGES}`,
    });
  }
  problems.push(...truncationProblems(sink.truncated));
  if (invalidJson && sink.count === 0) {
    problems.push({
      severity: 'note',
      id: 'extract.json-invalid',
      message:
        'The text looks like a JSON export but is not valid JSON; it was searched as plain text.',
    });
  }
  return {
    messages: sink.messages,
    format: sink.format,
    problems,
    ...(Object.keys(sink.skipped).length > 0 ? { skipped: { ...sink.skipped } } : {}),
  };
}

/** A single Docker or journald JSON log line is read line by line, not as an export. */
function isLogLine(value: unknown): boolean {
  return isRecordObject(value) && (typeof value.log === 'string' || value.MESSAGE !== undefined);
}

function positiveOr(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 && !Number.isNaN(value)
    ? Math.floor(value)
    : fallback;
}

/** The problems of the messages found cut short (`truncated`: their sources, in order). */
function truncationProblems(truncated: readonly MessageSource[]): Problem[] {
  const problems: Problem[] = [];
  let more = 0;
  for (const source of truncated) {
    if (problems.length >= MAX_TRUNCATION_PROBLEMS) {
      more++;
      continue;
    }
    const where =
      source.line === undefined ? 'A message' : `The message starting on line ${source.line}`;
    problems.push({
      severity: 'warning',
      id: 'extract.truncated',
      message: `${where} is incomplete: the text ends before the message does, or the tool that printed it cut a header or the body short. It is kept; paste the full message or the capture for exact values.`,
      ...(source.line === undefined ? {} : { line: source.line }),
    });
  }
  if (more > 0) {
    problems.push({
      severity: 'warning',
      id: 'extract.truncated',
      message: `${more} more messages end before their bodies do.`,
    });
  }
  return problems;
}
