/**
 * Log lines that are JSON objects, one per line:
 *   Docker's json-file driver: {"log":"INVITE sip:... SIP/2.0\r\n","stream":"stdout","time":"2026-11-24T10:00:00.123456789Z"}
 *   journalctl -o json:        {"__REALTIME_TIMESTAMP":"1795514400123456","MESSAGE":"...",...}
 * Each becomes plain text lines with its time as a prefix, so the usual
 * prefix handling strips it and reads the time from it. journald writes a
 * MESSAGE with control characters (a CR) as an array of bytes.
 * A line whose object carries a whole SIP message (HOMER and the like), or
 * is a HOMER call-data summary row, is kept as a record instead.
 */
import { LINE_DOCKER_JSON, LINE_JOURNAL_JSON } from '../extract-types.js';
import { epochFromNumber, isoFromEpochMicros } from '../timestamps.js';
import {
  isRecordObject,
  isSummaryRecord,
  type JsonRecord,
  mayHoldSip,
  parseJson,
} from './homer-json.js';

export type JsonLine =
  | { kind: 'lines'; lines: string[]; flag: number }
  | { kind: 'record'; record: JsonRecord };

/** What a "{...}" line holds, or undefined when it is not JSON we understand. */
export function readJsonLine(line: string): JsonLine | undefined {
  const parsed = parseJson(line);
  if (!parsed || !isRecordObject(parsed.value)) return undefined;
  const object = parsed.value;

  if (typeof object.log === 'string') {
    const time = typeof object.time === 'string' ? object.time : '';
    return { kind: 'lines', lines: logLines(object.log, time), flag: LINE_DOCKER_JSON };
  }
  const message = messageText(object.MESSAGE);
  if (message !== undefined) {
    const micros = epochFromNumber(Number(object.__REALTIME_TIMESTAMP));
    const time = micros === undefined ? '' : isoFromEpochMicros(micros);
    return { kind: 'lines', lines: logLines(message, time), flag: LINE_JOURNAL_JSON };
  }
  if (Object.values(object).some(mayHoldSip)) return { kind: 'record', record: object };
  for (const value of Object.values(object)) {
    if (isRecordObject(value) && Object.values(value).some(mayHoldSip))
      return { kind: 'record', record: object };
  }
  // A HOMER call-data summary row: a record, so it is counted as skipped, not read as text. A
  // line with SIP text in it (escaped line ends) stays text.
  if (
    isSummaryRecord(object) &&
    !Object.values(object).some((v) => typeof v === 'string' && v.includes('SIP/'))
  )
    return { kind: 'record', record: object };
  return undefined;
}

function messageText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value) || value.length > 1_000_000) return undefined;
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const b = value[i];
    if (typeof b !== 'number') return undefined;
    bytes[i] = b;
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** The text of one log entry as lines (without the entry's final line end), each with the time prefix. */
function logLines(text: string, time: string): string[] {
  const body = text.endsWith('\n') ? text.slice(0, text.endsWith('\r\n') ? -2 : -1) : text;
  const prefix = time ? `${time} ` : '';
  return body
    .split('\n')
    .map((piece) => prefix + (piece.endsWith('\r') ? piece.slice(0, -1) : piece));
}
