/**
 * JSON exports where each message is a JSON string: HOMER 7 (raw, srcIp,
 * srcPort, dstIp, dstPort, protocol, create_date, timeSeconds/timeUseconds,
 * sometimes under "protocol_header"), HOMER 5 (msg, source_ip, micro_ts),
 * and look-alikes. Any object holding a string with a SIP start line is a
 * record; its neighbouring fields give time, addresses and transport.
 * HOMER's call-data summary rows (a call or transaction: sid/callid, method,
 * status, from_user, duration... and no message text) are not messages: they
 * are counted as skipped ('homer.summary'), never read.
 * JSON.parse runs inside try/catch and the tree is walked without recursion.
 */
import { parseEndpoint, parseHost, parsePort, parseTransport } from '../endpoints.js';
import type { FrameInfo } from '../extract-types.js';
import { epochFromNumber, findTimestamp } from '../timestamps.js';

export type JsonRecord = Record<string, unknown>;

const MAX_DEPTH = 64;

/** Parses `text` as one JSON document; undefined when it is not valid JSON. */
export function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

export function isRecordObject(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a string that may hold a SIP message (a version token and more than one line). */
export function mayHoldSip(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 16 &&
    value.includes('SIP/') &&
    value.includes('\n')
  );
}

/**
 * A string holding a SIP message, not just mentioning one: a line with the
 * SIP version followed by a header line ("Name: value"). A summary field
 * with a start line and nothing more would otherwise become a message with
 * every header missing.
 */
export function holdsSipMessage(value: unknown): value is string {
  return (
    mayHoldSip(value) && /SIP\/2\.0[^\n]*\n[ \t]*[!#-'*+\-.0-9A-Z^_`a-z|~]+[ \t]*:/.test(value)
  );
}

/** Keys (compared as normalizeKey gives them) naming the call of a HOMER summary row. */
const SUMMARY_CALL = ['sid', 'callid'];
/** Keys a HOMER call or transaction summary row has besides its call. */
const SUMMARY_FIELDS = [
  'method',
  'methodtext',
  'status',
  'cseq',
  'fromuser',
  'touser',
  'ruriuser',
  'duration',
  'type',
  'srcip',
  'dstip',
];

/**
 * A HOMER call-data summary row: names a call and has summary fields
 * (method, status, users...), but holds no SIP message text.
 */
export function isSummaryRecord(value: JsonRecord): boolean {
  const keys = new Set(Object.keys(value).map(normalizeKey));
  return SUMMARY_CALL.some((k) => keys.has(k)) && SUMMARY_FIELDS.some((k) => keys.has(k));
}

export interface FoundRecords {
  /** The objects holding SIP message strings, in document order. */
  records: JsonRecord[];
  /** Objects that are not messages, by reason ('homer.summary'). */
  skipped: Record<string, number>;
}

/** The objects of a JSON tree that hold SIP message strings, in document order. */
export function findRecords(root: unknown): JsonRecord[] {
  return findRecordsAndSkips(root).records;
}

/** findRecords, also counting the summary rows that are not messages. */
export function findRecordsAndSkips(root: unknown): FoundRecords {
  const records: JsonRecord[] = [];
  const skipped: Record<string, number> = {};
  const stack: { value: unknown; depth: number; inRecord: boolean }[] = [
    { value: root, depth: 0, inRecord: false },
  ];
  while (stack.length > 0) {
    const top = stack.pop();
    if (!top || top.depth > MAX_DEPTH) continue;
    const { value, depth } = top;
    let inRecord = top.inRecord;
    const children: unknown[] = [];
    if (Array.isArray(value)) {
      // A bare list of message strings: each is a record without fields.
      for (const item of value) if (holdsSipMessage(item)) records.push({ raw: item });
      children.push(...value);
    } else if (isRecordObject(value)) {
      if (Object.values(value).some(holdsSipMessage)) {
        records.push(value);
        inRecord = true;
      } else if (!inRecord && isSummaryRecord(value)) {
        // The objects inside a message record (its data_header) describe that message.
        skipped['homer.summary'] = (skipped['homer.summary'] ?? 0) + 1;
        inRecord = true;
      }
      children.push(...Object.values(value));
    }
    for (let c = children.length - 1; c >= 0; c--) {
      const child = children[c];
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, depth: depth + 1, inRecord });
    }
  }
  return { records, skipped };
}

/** The SIP-bearing strings of a record. */
export function recordTexts(record: JsonRecord): string[] {
  return Object.values(record).filter(holdsSipMessage);
}

/** Field names compared without case, "_", "-" or "@". */
function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[_\-@.]/g, '');
}

const SRC_IP = [
  'srcip',
  'sourceip',
  'srcaddr',
  'srcaddress',
  'sourceaddress',
  'ipsrc',
  'src',
  'source',
];
const SRC_PORT = ['srcport', 'sourceport', 'sport', 'portsrc'];
const DST_IP = [
  'dstip',
  'destinationip',
  'destip',
  'dstaddr',
  'dstaddress',
  'destinationaddress',
  'ipdst',
  'dst',
  'destination',
];
const DST_PORT = ['dstport', 'destinationport', 'destport', 'dport', 'portdst'];
const PROTO = ['protocol', 'proto', 'transport', 'ipproto'];
const TIME = ['createdate', 'timestamp', 'date', 'time', 'ts', 'datetime'];

/** Time, addresses and transport from a record's fields (and those of its nested objects). */
export function recordFrame(record: JsonRecord): FrameInfo {
  const fields = new Map<string, unknown>();
  const take = (object: JsonRecord): void => {
    for (const [key, value] of Object.entries(object)) {
      const name = normalizeKey(key);
      if (!fields.has(name) && (typeof value === 'string' || typeof value === 'number'))
        fields.set(name, value);
    }
  };
  take(record);
  for (const value of Object.values(record)) if (isRecordObject(value)) take(value);
  const pick = (names: string[]): unknown => {
    for (const name of names) if (fields.has(name)) return fields.get(name);
    return undefined;
  };

  const info: FrameInfo = { format: 'homer-json', multi: true };
  info.src = endpointFrom(pick(SRC_IP), pick(SRC_PORT));
  info.dst = endpointFrom(pick(DST_IP), pick(DST_PORT));
  info.transport = parseTransport(pick(PROTO));

  const seconds = fields.get('timeseconds');
  const micros = fields.get('timeuseconds');
  const microTs = fields.get('microts');
  if (typeof seconds === 'number' || (typeof seconds === 'string' && /^\d{1,12}$/.test(seconds))) {
    const us = Number(micros ?? 0);
    info.epochMicros = Number(seconds) * 1e6 + (Number.isFinite(us) ? us : 0);
    info.timestampText =
      typeof micros === 'undefined'
        ? String(seconds)
        : `${seconds}.${String(micros).padStart(6, '0')}`;
  } else if (microTs !== undefined && Number.isFinite(Number(microTs))) {
    info.epochMicros = epochFromNumber(Number(microTs));
    info.timestampText = String(microTs);
  } else {
    const time = pick(TIME);
    if (
      typeof time === 'number' ||
      (typeof time === 'string' && /^\d{9,19}(?:\.\d{1,9})?$/.test(time))
    ) {
      info.epochMicros = epochFromNumber(Number(time));
      info.timestampText = String(time);
    } else if (typeof time === 'string') {
      const stamp = findTimestamp(time);
      info.timestampText = time;
      if (stamp?.epochMicros !== undefined) info.epochMicros = stamp.epochMicros;
    }
  }
  return info;
}

function endpointFrom(address: unknown, port: unknown): FrameInfo['src'] {
  if (typeof address !== 'string' || address.length === 0) return undefined;
  const portNumber =
    typeof port === 'number' ? port : typeof port === 'string' ? parsePort(port) : undefined;
  const validPort =
    portNumber !== undefined &&
    Number.isInteger(portNumber) &&
    portNumber >= 0 &&
    portNumber <= 65535;
  const host = parseHost(address);
  const colons = host === undefined ? 0 : host.split(':').length - 1;
  if (host !== undefined && colons !== 1)
    return validPort ? { address: host, port: portNumber } : { address: host };
  const endpoint = parseEndpoint(address);
  if (endpoint && validPort) return { address: endpoint.address, port: portNumber };
  return endpoint;
}
