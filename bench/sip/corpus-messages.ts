/**
 * Building the corpus's requests and responses: header fields in the order
 * real user agents write them, Via stacks through the dialog's proxies
 * (sometimes comma-joined), compact names for the dialogs that use them, SDP
 * and digest bodies, and a size kept between 400 and 1500 bytes.
 */
import type { CSeq, Endpoint } from '../../src/core/sip/types.js';
import { ALLOW, type Dialog, type Party, SUPPORTED } from './corpus-cast.js';
import { type CorpusMessage, MAX_MESSAGE_BYTES, MIN_MESSAGE_BYTES } from './corpus-message.js';
import type { Random } from './prng.js';

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

export function uriOf(party: Party, withPort = false): string {
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

export interface Field {
  name: string;
  value: string;
  /** May be dropped to keep the message under the size limit. */
  optional?: boolean;
}

export interface Draft {
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
  // Handed over decoded from its bytes, the way a message read from a socket, a file or a
  // capture reaches any parser: one flat string. The concatenation above leaves a rope in
  // V8, which every parser would first have to flatten and then read through an indirection.
  const bytes = Buffer.from(text, 'utf8');
  return {
    text: bytes.toString('utf8'),
    bytes: bytes.byteLength,
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

export function sdpBody(random: Random, party: Party, answer: boolean): string {
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

export function digestChallenge(random: Random, realm: string): string {
  return `Digest realm="${realm}", nonce="${random.hex(32)}", algorithm=MD5, qop="auth"${random.chance(0.5) ? `, opaque="${random.hex(16)}"` : ''}`;
}

export function digestCredentials(random: Random, party: Party, uri: string): string {
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

export function request(d: Dialog, o: RequestOptions): { message: CorpusMessage; draft: Draft } {
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

export function response(
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
