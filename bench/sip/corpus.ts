/**
 * The benchmark corpus: realistic SIP traffic generated from a seed, so every
 * peer parses the same bytes and a run can be repeated anywhere. Messages come
 * in whole call flows (calls answered, refused, cancelled or challenged,
 * registrations with digest, OPTIONS pings) as a capture would show them,
 * each between 400 and 1500 bytes, some from user agents that write compact
 * header names and some with proxies' Via values joined by commas. Each
 * message carries the values a correct parser must find in it.
 */
import type { CSeq, Endpoint } from '../../src/core/sip/types.js';
import { createRandom, type Random } from './prng.js';

export interface CorpusMessage {
  text: string;
  /** UTF-8 size of `text` (all ASCII, so also its length). */
  bytes: number;
  kind: 'request' | 'response';
  /** The method of a request or the status code of a response, as text ("INVITE", "200"). */
  label: string;
  callId: string;
  cseq: CSeq;
  /** Via values, counting each value of a comma-joined line. */
  viaCount: number;
  /** Branch of the topmost Via. */
  branch: string;
  fromTag: string;
  toTag?: string;
  contentLength: number;
  /** Written with compact header names (v:, f:, t:, i:, m:, l:, c:, k:). */
  compact: boolean;
  /** Several Via values joined by commas on one line. */
  commaVia: boolean;
  src: Endpoint;
  dst: Endpoint;
  epochMicros: number;
}

export const CORPUS_SEED = 0x51b5eed;
export const MIN_MESSAGE_BYTES = 400;
export const MAX_MESSAGE_BYTES = 1500;

/** Generates `count` messages from `seed`; the same arguments always give the same messages. */
export function generateCorpus(count = 50_000, seed = CORPUS_SEED): CorpusMessage[] {
  const random = createRandom(seed);
  const out: CorpusMessage[] = [];
  const clock = { micros: Date.UTC(2025, 2, 14, 9, 30, 0) * 1000 };
  while (out.length < count) {
    const flow = pickFlow(random);
    for (const message of flow(newDialog(random, clock))) {
      if (out.length >= count) break;
      out.push(message);
    }
    clock.micros += random.int(2_000, 40_000);
  }
  return out;
}

/** Total UTF-8 size of a list of messages. */
export function corpusBytes(messages: readonly CorpusMessage[]): number {
  let total = 0;
  for (const m of messages) total += m.bytes;
  return total;
}

// ---------------------------------------------------------------------------
// The people, places and devices the messages talk about.

const DOMAINS = [
  'example.com',
  'example.net',
  'example.org',
  'voip.example.com',
  'pbx.example.net',
];
const NAMES = [
  'Alice Martin',
  'Bob Okafor',
  'Carol Nguyen',
  'Dmitri Petrov',
  'Eve Lindqvist',
  'Farid Haddad',
  'Grace Kim',
  'Hiro Tanaka',
  'Ines Duarte',
  'Jonas Weber',
];
const USER_AGENTS = [
  'Linphone/5.2.5 (belle-sip/5.2.4)',
  'Zoiper rv2.10.20.2',
  'Yealink SIP-T46U 108.86.0.45',
  'Grandstream GXP2170 1.0.11.23',
  'Polycom/6.4.6.2614 PolycomVVX-VVX_450-UA/6.4.6.2614',
  'MicroSIP/3.21.3',
  'baresip v3.10.1 (x86_64/linux)',
  'Cisco-CP8845/14.2.1',
];
const SERVERS = [
  'FreeSWITCH-mod_sofia/1.10.11-release~64bit',
  'Asterisk PBX 20.5.0',
  'kamailio (5.7.4 (x86_64/linux))',
  'OpenSIPS (3.4.3 (x86_64/linux))',
  'Cisco-SIPGateway/IOS-17.9.4a',
];
const ALTERNATE_PORTS = [
  5062, 5070, 5080, 5090, 5160, 6060, 7060, 15060, 25060, 35060, 45060, 55060,
];
const ALLOW =
  'INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO, UPDATE, PRACK';
const SUPPORTED = [
  'replaces, timer',
  '100rel, replaces, timer, norefersub',
  'path, gruu, outbound',
  'timer',
];

interface Party {
  user: string;
  display?: string;
  domain: string;
  address: string;
  port: number;
}

interface Dialog {
  random: Random;
  clock: { micros: number };
  caller: Party;
  callee: Party;
  /** Proxies between caller and callee, nearest to the caller first. */
  proxies: Endpoint[];
  callId: string;
  fromTag: string;
  toTag: string;
  seq: number;
  compact: boolean;
  userAgent: string;
  server: string;
}

function newParty(random: Random, net: string): Party {
  const numeric = random.chance(0.4);
  const name = random.pick(NAMES);
  const user = numeric
    ? `+1555${random.int(1000000, 9999999)}`
    : (name.split(' ')[0] ?? 'user').toLowerCase() + random.int(10, 999);
  return {
    user,
    ...(numeric || random.chance(0.3) ? {} : { display: name }),
    domain: random.pick(DOMAINS),
    address: `${net}.${random.int(2, 254)}`,
    // Non-default ports stay clear of other protocols' well-known ports, so that tshark
    // dissects every packet as SIP and the comparison counts the same messages.
    port: random.chance(0.6) ? 5060 : random.pick(ALTERNATE_PORTS),
  };
}

function newDialog(random: Random, clock: { micros: number }): Dialog {
  const proxyCount = random.pick([0, 1, 1, 2]);
  const proxies: Endpoint[] = [];
  for (let i = 0; i < proxyCount; i++)
    proxies.push({ address: `198.51.100.${random.int(2, 254)}`, port: 5060 });
  return {
    random,
    clock,
    caller: newParty(random, '192.0.2'),
    callee: newParty(random, '203.0.113'),
    proxies,
    callId: random.chance(0.5)
      ? `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`
      : `${random.token(22)}@192.0.2.${random.int(2, 254)}`,
    fromTag: random.hex(random.int(8, 16)),
    toTag: random.chance(0.5) ? random.hex(10) : `as${random.hex(8)}`,
    seq: random.int(1, 9000),
    compact: random.chance(0.12),
    userAgent: random.pick(USER_AGENTS),
    server: random.pick(SERVERS),
  };
}

// ---------------------------------------------------------------------------
// Header names, full or compact.

const COMPACT: Record<string, string> = {
  Via: 'v',
  From: 'f',
  To: 't',
  'Call-ID': 'i',
  Contact: 'm',
  'Content-Length': 'l',
  'Content-Type': 'c',
  Supported: 'k',
};

function headerName(name: string, compact: boolean): string {
  return compact ? (COMPACT[name] ?? name) : name;
}

// ---------------------------------------------------------------------------
// Building blocks of messages.

function uriOf(party: Party, withPort = false): string {
  if (party.user.startsWith('+')) return `sip:${party.user}@${party.domain};user=phone`;
  return withPort
    ? `sip:${party.user}@${party.address}:${party.port}`
    : `sip:${party.user}@${party.domain}`;
}

function nameAddr(party: Party, tag?: string): string {
  const tagText = tag ? `;tag=${tag}` : '';
  const display = party.display ? `"${party.display}" ` : '';
  return `${display}<${uriOf(party)}>${tagText}`;
}

function contactOf(party: Party, extra = ''): string {
  return `<sip:${party.user}@${party.address}:${party.port};transport=udp>${extra}`;
}

/** One hop that a request passes: who sent it, with which branch. */
interface Hop {
  host: string;
  port: number;
  branch: string;
  rport: boolean;
}

function viaValue(hop: Hop, received: boolean): string {
  const port = hop.port === 5060 ? '' : `:${hop.port}`;
  const rport = hop.rport ? (received ? `;rport=${hop.port}` : ';rport') : '';
  const receivedText = received && hop.rport ? `;received=${hop.host}` : '';
  return `SIP/2.0/UDP ${hop.host}${port}${rport};branch=${hop.branch}${receivedText}`;
}

/** The Via stack of a request that went through every proxy, topmost first. */
function hopsFor(d: Dialog, callerBranch: string): Hop[] {
  const hops: Hop[] = [
    {
      host: d.caller.address,
      port: d.caller.port,
      branch: callerBranch,
      rport: d.caller.port !== 5060,
    },
  ];
  for (const proxy of d.proxies) {
    hops.unshift({
      host: proxy.address,
      port: proxy.port ?? 5060,
      branch: `z9hG4bK${d.random.hex(12)}.${d.random.int(0, 9)}`,
      rport: false,
    });
  }
  return hops;
}

function newBranch(random: Random): string {
  return `z9hG4bK${random.chance(0.5) ? random.hex(16) : `-${random.token(10)}-${random.hex(6)}`}`;
}

interface Field {
  name: string;
  value: string;
  /** May be dropped to keep the message under the size limit. */
  optional?: boolean;
}

interface Draft {
  startLine: string;
  kind: 'request' | 'response';
  label: string;
  fields: Field[];
  contentType?: string;
  body: string;
  hops: Hop[];
  commaVia: boolean;
  cseq: CSeq;
  toTag?: string;
  src: Endpoint;
  dst: Endpoint;
}

const FILLERS: readonly Field[] = [
  { name: 'Allow', value: ALLOW, optional: true },
  { name: 'Supported', value: 'replaces, timer', optional: true },
  { name: 'Allow-Events', value: 'talk, hold, conference, refer, check-sync', optional: true },
  { name: 'Accept', value: 'application/sdp, application/dtmf-relay', optional: true },
  { name: 'Accept-Language', value: 'en', optional: true },
];

function serialise(d: Dialog, draft: Draft): string {
  const compact = d.compact;
  const via = headerName('Via', compact);
  const lines = [draft.startLine];
  if (draft.commaVia) {
    lines.push(
      `${via}: ${draft.hops.map((h) => viaValue(h, draft.kind === 'response')).join(',')}`,
    );
  } else {
    for (const hop of draft.hops) lines.push(`${via}: ${viaValue(hop, draft.kind === 'response')}`);
  }
  for (const field of draft.fields)
    lines.push(`${headerName(field.name, compact)}: ${field.value}`);
  if (draft.contentType) lines.push(`${headerName('Content-Type', compact)}: ${draft.contentType}`);
  lines.push(`${headerName('Content-Length', compact)}: ${Buffer.byteLength(draft.body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${draft.body}`;
}

/** Serialises a draft, adding or dropping optional headers until it fits the size range. */
function finish(d: Dialog, draft: Draft): CorpusMessage {
  let text = serialise(d, draft);
  for (let i = 0; text.length < MIN_MESSAGE_BYTES && i < FILLERS.length; i++) {
    const filler = FILLERS[i];
    if (filler && !draft.fields.some((f) => f.name === filler.name)) {
      draft.fields.push(filler);
      text = serialise(d, draft);
    }
  }
  while (text.length > MAX_MESSAGE_BYTES) {
    const index = draft.fields.findLastIndex((f) => f.optional);
    if (index < 0) break;
    draft.fields.splice(index, 1);
    text = serialise(d, draft);
  }
  const top = draft.hops[0];
  d.clock.micros += d.random.int(300, 250_000);
  return {
    text,
    bytes: Buffer.byteLength(text),
    kind: draft.kind,
    label: draft.label,
    callId: d.callId,
    cseq: draft.cseq,
    viaCount: draft.hops.length,
    branch: top ? top.branch : '',
    fromTag: d.fromTag,
    ...(draft.toTag ? { toTag: draft.toTag } : {}),
    contentLength: Buffer.byteLength(draft.body),
    compact: d.compact,
    commaVia: draft.commaVia,
    src: draft.src,
    dst: draft.dst,
    epochMicros: d.clock.micros,
  };
}

/** Where the caller's requests are seen: sent by the last proxy (or the caller) to the callee. */
function requestPath(d: Dialog): { src: Endpoint; dst: Endpoint } {
  const last = d.proxies[d.proxies.length - 1];
  return {
    src: last ?? { address: d.caller.address, port: d.caller.port },
    dst: { address: d.callee.address, port: d.callee.port },
  };
}

function reversed(path: { src: Endpoint; dst: Endpoint }): { src: Endpoint; dst: Endpoint } {
  return { src: path.dst, dst: path.src };
}

function sdpBody(random: Random, party: Party, answer: boolean): string {
  const session = random.int(100000, 999999999);
  const port = random.int(8000, 30000) & ~1;
  const codecs = random.pick([
    ['0 PCMU/8000', '8 PCMA/8000'],
    ['9 G722/8000', '0 PCMU/8000', '8 PCMA/8000'],
    ['111 opus/48000/2', '9 G722/8000', '0 PCMU/8000', '8 PCMA/8000'],
    ['18 G729/8000', '0 PCMU/8000'],
  ]);
  const chosen = answer ? codecs.slice(0, 1) : codecs;
  const payloads = chosen.map((c) => c.split(' ')[0]);
  const lines = [
    'v=0',
    `o=${party.user.replace('+', '')} ${session} ${session + 1} IN IP4 ${party.address}`,
    `s=${random.pick(['-', 'SIP Call', 'Talk', 'FreeSWITCH'])}`,
    `c=IN IP4 ${party.address}`,
    't=0 0',
    `m=audio ${port} RTP/AVP ${payloads.join(' ')} 101`,
  ];
  for (const codec of chosen) lines.push(`a=rtpmap:${codec}`);
  if (chosen.some((c) => c.startsWith('111 '))) lines.push('a=fmtp:111 minptime=10;useinbandfec=1');
  if (chosen.some((c) => c.startsWith('18 '))) lines.push('a=fmtp:18 annexb=no');
  lines.push('a=rtpmap:101 telephone-event/8000', 'a=fmtp:101 0-16', 'a=ptime:20');
  if (random.chance(0.2))
    lines.push(
      `a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${random.token(40)}`,
      `a=rtcp:${port + 1} IN IP4 ${party.address}`,
    );
  lines.push(random.pick(['a=sendrecv', 'a=sendrecv', 'a=sendonly', 'a=recvonly']));
  return `${lines.join('\r\n')}\r\n`;
}

function digestChallenge(random: Random, realm: string): string {
  return `Digest realm="${realm}", nonce="${random.hex(32)}", algorithm=MD5, qop="auth"${random.chance(0.5) ? `, opaque="${random.hex(16)}"` : ''}`;
}

function digestCredentials(random: Random, party: Party, uri: string): string {
  return `Digest username="${party.user}", realm="${party.domain}", nonce="${random.hex(32)}", uri="${uri}", response="${random.hex(32)}", algorithm=MD5, cnonce="${random.hex(16)}", qop=auth, nc=00000001`;
}

// ---------------------------------------------------------------------------
// Requests and responses.

interface RequestOptions {
  method: string;
  seq?: number;
  body?: string;
  /** Headers of this request on top of the common ones. */
  extra?: Field[];
  /** Reuse the Via stack of an earlier request (CANCEL, ACK for a failure). */
  hops?: Hop[];
  toTag?: string;
  requestUri?: string;
}

function request(d: Dialog, o: RequestOptions): { message: CorpusMessage; draft: Draft } {
  const seq = o.seq ?? d.seq;
  const hops = o.hops ?? hopsFor(d, newBranch(d.random));
  const register = o.method === 'REGISTER';
  const target = register ? d.caller : d.callee;
  const fields: Field[] = [{ name: 'Max-Forwards', value: String(70 - d.proxies.length) }];
  if (d.proxies.length > 0 && o.method !== 'REGISTER' && d.random.chance(0.5)) {
    fields.push({
      name: 'Record-Route',
      value: `<sip:${d.proxies[0]?.address};lr>`,
      optional: true,
    });
  }
  fields.push(
    { name: 'From', value: nameAddr(d.caller, d.fromTag) },
    { name: 'To', value: nameAddr(target, o.toTag) },
    { name: 'Call-ID', value: d.callId },
    { name: 'CSeq', value: `${seq} ${o.method}` },
  );
  if (o.method === 'INVITE' || register || o.method === 'OPTIONS')
    fields.push({ name: 'Contact', value: contactOf(d.caller, register ? ';expires=3600' : '') });
  fields.push({ name: 'User-Agent', value: d.userAgent, optional: true });
  if (o.method === 'INVITE' || register) {
    fields.push(
      { name: 'Allow', value: ALLOW, optional: true },
      { name: 'Supported', value: d.random.pick(SUPPORTED), optional: true },
    );
  }
  if (register) fields.push({ name: 'Expires', value: '3600' });
  if (o.method === 'INVITE' && d.random.chance(0.3))
    fields.push({ name: 'Session-Expires', value: '1800;refresher=uac', optional: true });
  if (o.method === 'INVITE' && d.random.chance(0.3))
    fields.push({
      name: 'P-Asserted-Identity',
      value: `<sip:${d.caller.user}@${d.caller.domain}>`,
      optional: true,
    });
  fields.push(...(o.extra ?? []));
  const body = o.body ?? '';
  const requestUri =
    o.requestUri ?? (register ? `sip:${d.caller.domain}` : uriOf(d.callee, d.random.chance(0.3)));
  const path = requestPath(d);
  const draft: Draft = {
    startLine: `${o.method} ${requestUri} SIP/2.0`,
    kind: 'request',
    label: o.method,
    fields,
    ...(body ? { contentType: 'application/sdp' } : {}),
    body,
    hops,
    commaVia: hops.length > 1 && d.random.chance(0.35),
    cseq: { seq, method: o.method },
    ...(o.toTag ? { toTag: o.toTag } : {}),
    ...path,
  };
  return { message: finish(d, draft), draft };
}

const REASONS: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  183: 'Session Progress',
  200: 'OK',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  407: 'Proxy Authentication Required',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
};

function response(
  d: Dialog,
  req: Draft,
  code: number,
  o: { body?: string; extra?: Field[] } = {},
): CorpusMessage {
  const register = req.cseq.method === 'REGISTER';
  const tagged = code !== 100;
  const toTag = req.toTag ?? (tagged ? d.toTag : undefined);
  const target = register ? d.caller : d.callee;
  const fields: Field[] = [];
  if (code !== 100) {
    for (const f of req.fields) if (f.name === 'Record-Route') fields.push(f);
  }
  fields.push(
    { name: 'From', value: nameAddr(d.caller, d.fromTag) },
    { name: 'To', value: nameAddr(target, toTag) },
    { name: 'Call-ID', value: d.callId },
    { name: 'CSeq', value: `${req.cseq.seq} ${req.cseq.method}` },
  );
  if (req.cseq.method === 'INVITE' && (code === 180 || code === 183 || code === 200))
    fields.push({ name: 'Contact', value: contactOf(d.callee) });
  if (register && code === 200)
    fields.push({
      name: 'Contact',
      value: contactOf(d.caller, `;expires=${d.random.pick([600, 1800, 3600])}`),
    });
  fields.push({ name: 'Server', value: d.server, optional: true });
  if (code === 200 && req.cseq.method !== 'BYE' && req.cseq.method !== 'CANCEL')
    fields.push({ name: 'Allow', value: ALLOW, optional: true });
  if (code === 200 && register)
    fields.push({ name: 'Date', value: 'Fri, 14 Mar 2025 09:30:12 GMT', optional: true });
  fields.push(...(o.extra ?? []));
  const body = o.body ?? '';
  const draft: Draft = {
    startLine: `SIP/2.0 ${code} ${REASONS[code] ?? 'Unknown'}`,
    kind: 'response',
    label: String(code),
    fields,
    ...(body ? { contentType: 'application/sdp' } : {}),
    body,
    hops: req.hops,
    commaVia: req.hops.length > 1 && d.random.chance(0.35),
    cseq: req.cseq,
    ...(toTag ? { toTag } : {}),
    ...reversed({ src: req.src, dst: req.dst }),
  };
  return finish(d, draft);
}

// ---------------------------------------------------------------------------
// Call flows.

type Flow = (d: Dialog) => CorpusMessage[];

/** INVITE answered, talked, hung up. */
const answeredCall: Flow = (d) => invite(d, d.random.pick([200, 200, 200, 183]));

function invite(d: Dialog, outcome: number, challenged = false): CorpusMessage[] {
  const out: CorpusMessage[] = [];
  const extra: Field[] = challenged
    ? [
        {
          name: 'Proxy-Authorization',
          value: digestCredentials(d.random, d.caller, uriOf(d.callee)),
        },
      ]
    : [];
  const inv = request(d, { method: 'INVITE', body: sdpBody(d.random, d.caller, false), extra });
  out.push(inv.message);
  out.push(response(d, inv.draft, 100));
  if (outcome === 200 || outcome === 183) {
    if (outcome === 183)
      out.push(response(d, inv.draft, 183, { body: sdpBody(d.random, d.callee, true) }));
    else out.push(response(d, inv.draft, 180));
    out.push(response(d, inv.draft, 200, { body: sdpBody(d.random, d.callee, true) }));
    out.push(request(d, { method: 'ACK', toTag: d.toTag }).message);
    d.seq += 1;
    const reason: Field[] = d.random.chance(0.5)
      ? [{ name: 'Reason', value: 'Q.850;cause=16;text="Normal call clearing"', optional: true }]
      : [];
    const bye = request(d, { method: 'BYE', toTag: d.toTag, extra: reason });
    out.push(bye.message);
    out.push(response(d, bye.draft, 200));
    return out;
  }
  if (outcome === 487) {
    out.push(response(d, inv.draft, 180));
    const cancel = request(d, {
      method: 'CANCEL',
      hops: inv.draft.hops,
      requestUri: inv.draft.startLine.split(' ')[1],
    });
    out.push(cancel.message);
    out.push(response(d, cancel.draft, 200));
  }
  const extraFailure: Field[] = [];
  if (outcome === 503)
    extraFailure.push({ name: 'Retry-After', value: String(d.random.pick([30, 60, 120, 300])) });
  if (outcome === 488)
    extraFailure.push({
      name: 'Warning',
      value: `304 ${d.callee.domain} "Media type not available"`,
    });
  if (outcome === 486 || outcome === 500)
    extraFailure.push({
      name: 'Reason',
      value: `Q.850;cause=${outcome === 486 ? 17 : 41}`,
      optional: true,
    });
  if (outcome === 407)
    extraFailure.push({
      name: 'Proxy-Authenticate',
      value: digestChallenge(d.random, d.caller.domain),
    });
  out.push(response(d, inv.draft, outcome, { extra: extraFailure }));
  out.push(
    request(d, {
      method: 'ACK',
      hops: inv.draft.hops,
      toTag: d.toTag,
      requestUri: inv.draft.startLine.split(' ')[1],
    }).message,
  );
  return out;
}

const refusedCall: Flow = (d) => invite(d, d.random.pick([486, 486, 404, 403, 488, 500, 503, 503]));
const cancelledCall: Flow = (d) => invite(d, 487);
const challengedCall: Flow = (d) => {
  const first = invite(d, 407);
  d.seq += 1;
  return [...first, ...invite(d, 200, true)];
};

const registration: Flow = (d) => {
  const out: CorpusMessage[] = [];
  const first = request(d, { method: 'REGISTER' });
  out.push(first.message);
  out.push(
    response(d, first.draft, 401, {
      extra: [{ name: 'WWW-Authenticate', value: digestChallenge(d.random, d.caller.domain) }],
    }),
  );
  d.seq += 1;
  const second = request(d, {
    method: 'REGISTER',
    extra: [
      {
        name: 'Authorization',
        value: digestCredentials(d.random, d.caller, `sip:${d.caller.domain}`),
      },
    ],
  });
  out.push(second.message);
  out.push(response(d, second.draft, 200));
  return out;
};

const optionsPing: Flow = (d) => {
  const ping = request(d, {
    method: 'OPTIONS',
    extra: [{ name: 'Accept', value: 'application/sdp', optional: true }],
  });
  return [ping.message, response(d, ping.draft, d.random.chance(0.9) ? 200 : 404)];
};

const FLOWS: readonly [Flow, number][] = [
  [answeredCall, 40],
  [challengedCall, 8],
  [refusedCall, 14],
  [cancelledCall, 6],
  [registration, 20],
  [optionsPing, 12],
];
const FLOW_WEIGHT = FLOWS.reduce((sum, [, w]) => sum + w, 0);

function pickFlow(random: Random): Flow {
  let roll = random.next() * FLOW_WEIGHT;
  for (const [flow, weight] of FLOWS) {
    roll -= weight;
    if (roll < 0) return flow;
  }
  return answeredCall;
}
