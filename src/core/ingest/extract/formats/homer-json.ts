/**
 * JSON exports where each message is a JSON string: HOMER 7 (raw, srcIp,
 * srcPort, dstIp, dstPort, protocol, create_date, timeSeconds/timeUseconds,
 * sometimes under "protocol_header"), HOMER 5 (msg, source_ip, micro_ts),
 * and look-alikes. Any object holding a string with a SIP start line is a
 * record; its neighbouring fields give time, addresses and transport.
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

/** The objects of a JSON tree that hold SIP message strings, in document order. */
export function findRecords(root: unknown): JsonRecord[] {
  const records: JsonRecord[] = [];
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const top = stack.pop();
    if (!top || top.depth > MAX_DEPTH) continue;
    const { value, depth } = top;
    const children: unknown[] = [];
    if (Array.isArray(value)) {
      // A bare list of message strings: each is a record without fields.
      for (const item of value) if (mayHoldSip(item)) records.push({ raw: item });
      children.push(...value);
    } else if (isRecordObject(value)) {
      if (Object.values(value).some(mayHoldSip)) records.push(value);
      children.push(...Object.values(value));
    }
    for (let c = children.length - 1; c >= 0; c--) {
      const child = children[c];
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, depth: depth + 1 });
    }
  }
  return records;
}

/** The SIP-bearing strings of a record. */
export function recordTexts(record: JsonRecord): string[] {
  return Object.values(record).filter(mayHoldSip);
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
