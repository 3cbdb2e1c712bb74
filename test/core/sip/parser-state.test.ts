/**
 * The bot parses traces of many teams in one process: nothing of one trace
 * may be reachable from the state that parses the next. Two checks:
 *
 * - a walk of the object graph from trace B's parser state (own properties,
 *   array elements, Map keys and values, Set values) meets no string holding
 *   a value of trace A, parsed just before; the same walk over A's own state
 *   finds every one of them, so the check is able to fail;
 * - once a single message parsed with parseMessage is dropped, a heap
 *   snapshot holds none of its values: no module, cache or engine slot kept
 *   any (the snapshot finds them while the message is still referenced).
 */
import { getHeapSnapshot } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { type ParseInputResult, parseInput } from '../../../src/core/ingest/parse-input.js';
import { parseText } from '../../../src/core/ingest/parse-text.js';
import { headerInfo } from '../../../src/core/sip/header-names.js';
import { parseMessage, type SipMessage } from '../../../src/core/sip/parse-message.js';
import { ParserState } from '../../../src/core/sip/parser-state.js';
import { writePcap } from '../../support/capture/write-pcap.js';

interface Tenant {
  callId: string;
  fromTag: string;
  toTag: string;
  branch: string;
  caller: string;
  callee: string;
  phone: string;
  edge: string;
  secretHeader: string;
  secret: string;
  session: string;
}

const ALPHA: Tenant = {
  callId: 'tenant-alpha-call-5e1f@alpha-corp.example',
  fromTag: 'alphaFromTag9731',
  toTag: 'alphaToTag2468',
  branch: 'z9hG4bK-alphaBranch555',
  caller: 'sip:alice.alpha@alpha-corp.example',
  callee: 'sip:bob.alpha@alpha-peer.example',
  phone: 'alpha-phone.example',
  edge: 'alpha-edge.example',
  secretHeader: 'X-Tenant-Alpha-Secret',
  secret: 'alpha-secret-4f9c',
  session: 'alpha-session-name',
};

const BRAVO: Tenant = {
  callId: 'tenant-bravo-call-0b7d@bravo-corp.example',
  fromTag: 'bravoFromTag1357',
  toTag: 'bravoToTag8642',
  branch: 'z9hG4bK-bravoBranch777',
  caller: 'sip:carol.bravo@bravo-corp.example',
  callee: 'sip:dave.bravo@bravo-peer.example',
  phone: 'bravo-phone.example',
  edge: 'bravo-edge.example',
  secretHeader: 'X-Tenant-Bravo-Secret',
  secret: 'bravo-secret-81e2',
  session: 'bravo-session-name',
};

/** The values of a tenant no other tenant's trace may lead to (lower case: caches lower-case names). */
function distinctive(t: Tenant): string[] {
  return [
    t.callId,
    t.fromTag,
    t.toTag,
    t.branch,
    t.caller,
    t.callee,
    t.phone,
    t.edge,
    t.secretHeader,
    t.secret,
    t.session,
  ].map((v) => v.toLowerCase());
}

/** A whole call: INVITE, 100, 180, 200, ACK, BYE, 200; every message carries the secret header. */
function dialog(t: Tenant): string[] {
  const sdp = ['v=0', `o=- 1 1 IN IP4 ${t.phone}`, `s=${t.session}`, 't=0 0', ''].join('\r\n');
  const message = (
    startLine: string,
    cseq: string,
    opts: { toTag?: boolean; contact?: boolean; body?: string; branch?: string },
  ): string =>
    [
      startLine,
      `Via: SIP/2.0/UDP ${t.edge}:5060;branch=${opts.branch ?? t.branch};rport`,
      `From: "Tenant" <${t.caller}>;tag=${t.fromTag}`,
      `To: <${t.callee}>${opts.toTag ? `;tag=${t.toTag}` : ''}`,
      `Call-ID: ${t.callId}`,
      `CSeq: ${cseq}`,
      ...(opts.contact ? [`Contact: <sip:${t.phone}:5099>;expires=60`] : []),
      'Max-Forwards: 70',
      `${t.secretHeader}: ${t.secret}`,
      ...(opts.body ? ['Content-Type: application/sdp'] : []),
      `Content-Length: ${opts.body?.length ?? 0}`,
      '',
      opts.body ?? '',
    ].join('\r\n');
  return [
    message(`INVITE ${t.callee} SIP/2.0`, '1 INVITE', { contact: true, body: sdp }),
    message('SIP/2.0 100 Trying', '1 INVITE', {}),
    message('SIP/2.0 180 Ringing', '1 INVITE', { toTag: true, contact: true }),
    message('SIP/2.0 200 OK', '1 INVITE', { toTag: true, contact: true, body: sdp }),
    message(`ACK sip:${t.phone}:5099 SIP/2.0`, '1 ACK', { toTag: true, branch: `${t.branch}-ack` }),
    message(`BYE sip:${t.phone}:5099 SIP/2.0`, '2 BYE', { toTag: true, branch: `${t.branch}-bye` }),
    // Last, so that the state's view of the message read last holds every value.
    message('SIP/2.0 200 OK', '2 BYE', {
      toTag: true,
      contact: true,
      body: sdp,
      branch: `${t.branch}-bye`,
    }),
  ];
}

/** What a walk of the object graph met: every string, and every parser state. */
interface Reached {
  strings: string[];
  states: ParserState[];
}

/**
 * Walks everything reachable from `root` through own properties (keys and
 * values, getters not invoked), array elements, Map keys and values and Set
 * values. Typed arrays and buffers hold numbers only and are skipped;
 * prototypes are not followed (they hold the classes' methods, not data).
 */
function walk(root: unknown): Reached {
  const reached: Reached = { strings: [], states: [] };
  const seen = new Set<object>();
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      reached.strings.push(value);
      continue;
    }
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) continue;
    if (seen.has(value)) continue;
    seen.add(value);
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) continue;
    if (value instanceof ParserState) reached.states.push(value);
    if (value instanceof Map) {
      for (const [k, v] of value) pending.push(k, v);
    } else if (value instanceof Set) {
      for (const v of value) pending.push(v);
    }
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key === 'string') reached.strings.push(key);
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      if (descriptor !== undefined && 'value' in descriptor) pending.push(descriptor.value);
    }
  }
  return reached;
}

/** The values of `needles` that some string in `strings` contains (compared in lower case). */
function found(strings: readonly string[], needles: readonly string[]): string[] {
  const lower = strings.map((s) => s.toLowerCase());
  return needles.filter((n) => lower.some((s) => s.includes(n)));
}

/** Reads what a consumer reads, so the lazily computed values and late checks run too. */
function readEverything(result: ParseInputResult): void {
  for (const kept of result.messages) {
    const m = kept.message;
    void m.problems;
    void m.contacts;
    void m.routes;
    void m.parsedRequestUri;
    void m.contentType;
  }
}

/** The one parser state `result` leads to (its messages keep the state of their input). */
function stateOf(result: ParseInputResult): ParserState {
  const states = walk(result).states;
  expect(states).toHaveLength(1);
  return states[0] as ParserState;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

function asPcap(messages: readonly string[]): Uint8Array {
  const encoder = new TextEncoder();
  return writePcap(
    messages.map((text, i) => ({
      epochMicros: 1_700_000_000_000_000 + i * 1000,
      src: { address: '192.0.2.10', port: 5060 },
      dst: { address: '192.0.2.20', port: 5060 },
      transport: 'UDP' as const,
      payload: encoder.encode(text),
    })),
  );
}

describe('parser state per input', () => {
  it('the state of a pasted trace B leads to nothing of trace A parsed before it', () => {
    const a = parseText(dialog(ALPHA).join('\r\n'));
    readEverything(a);
    const b = parseText(dialog(BRAVO).join('\r\n'));
    readEverything(b);
    expect(b.messages).toHaveLength(7);
    const stateB = stateOf(b);
    expect(stateB).not.toBe(stateOf(a));
    const strings = walk(stateB).strings;
    // The walk went through B's caches and tables: it meets B's own values there.
    expect(found(strings, distinctive(BRAVO))).toEqual(distinctive(BRAVO));
    expect(found(strings, distinctive(ALPHA))).toEqual([]);
    // Nor does anything else B's result holds.
    expect(found(walk(b).strings, distinctive(ALPHA))).toEqual([]);
  });

  it("finds every value of trace A with the same walk over A's own state", () => {
    const a = parseText(dialog(ALPHA).join('\r\n'));
    readEverything(a);
    expect(found(walk(stateOf(a)).strings, distinctive(ALPHA))).toEqual(distinctive(ALPHA));
  });

  it('keeps captures apart the same way', async () => {
    const a = await parseInput(once(asPcap(dialog(ALPHA))));
    readEverything(a);
    const b = await parseInput(once(asPcap(dialog(BRAVO))));
    readEverything(b);
    expect(b.input).toBe('pcap');
    expect(b.messages).toHaveLength(7);
    expect(found(walk(stateOf(a)).strings, distinctive(ALPHA))).toEqual(distinctive(ALPHA));
    expect(found(walk(stateOf(b)).strings, distinctive(ALPHA))).toEqual([]);
  });

  it('shares checked Request-URIs between the messages of one input only', () => {
    const [invite] = dialog(ALPHA);
    const state = new ParserState();
    const first = parseMessage(invite ?? '', undefined, { state });
    const again = parseMessage(invite ?? '', undefined, { state });
    const elsewhere = parseMessage(invite ?? '', undefined, { state: new ParserState() });
    const alone = parseMessage(invite ?? '');
    expect(first.parsedRequestUri?.host).toBeTruthy();
    expect(again.parsedRequestUri).toBe(first.parsedRequestUri);
    expect(elsewhere.parsedRequestUri).not.toBe(first.parsedRequestUri);
    expect(alone.parsedRequestUri).not.toBe(first.parsedRequestUri);
    expect(elsewhere.parsedRequestUri).toEqual(first.parsedRequestUri);
    expect(alone.parsedRequestUri).toEqual(first.parsedRequestUri);
  });

  it('answers header names outside the fixed table without remembering them, unless a state does', () => {
    expect(headerInfo('Via')).toBe(headerInfo('Via'));
    expect(headerInfo('CALL-ID')).toBe(headerInfo('CALL-ID'));
    const custom = headerInfo(ALPHA.secretHeader);
    expect(custom).toEqual({ key: 'x-tenant-alpha-secret', kind: 0, list: false });
    expect(headerInfo(ALPHA.secretHeader)).not.toBe(custom);
    const seen = new Map();
    expect(headerInfo(ALPHA.secretHeader, seen)).toBe(headerInfo(ALPHA.secretHeader, seen));
    expect([...seen.keys()]).toEqual([ALPHA.secretHeader]);
  });
});

/** A value no source text holds: made of random characters when the test runs. */
function randomToken(): Uint8Array {
  const text = `tok${Math.random().toString(36).slice(2, 12)}x${Math.random().toString(36).slice(2, 8)}`;
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/**
 * The two cases where the parser's regexes match message text: whitespace in
 * the Call-ID, and a body that is not all ASCII.
 */
type Defect = 'none' | 'call-id' | 'body';

/**
 * A message whose every distinctive value carries the token (Call-ID, tags,
 * branch, URIs, a header name and value, the body); the token is kept as
 * numbers by the test, so the only strings holding it are the parser's.
 */
function tokenMessage(codes: Uint8Array, defect: Defect = 'none'): string {
  const t = String.fromCharCode(...codes);
  const body = defect === 'body' ? `v=0\r\ns=${t} café\r\n` : `v=0\r\ns=${t}\r\n`;
  return [
    `INVITE sip:callee-${t}@peer-${t}.example SIP/2.0`,
    `Via: SIP/2.0/UDP edge-${t}.example:5060;branch=z9hG4bK-${t}`,
    `From: "Tenant" <sip:caller-${t}@corp.example>;tag=from-${t}`,
    `To: <sip:callee-${t}@peer.example>`,
    defect === 'call-id' ? `Call-ID: call ${t}@corp.example` : `Call-ID: call-${t}@corp.example`,
    'CSeq: 1 INVITE',
    `Contact: <sip:caller@phone-${t}.example>`,
    'Max-Forwards: 70',
    `X-Secret-${t}: value-${t}`,
    'Content-Type: application/sdp',
    `Content-Length: ${new TextEncoder().encode(body).length}`,
    '',
    body,
  ].join('\r\n');
}

/** Parses the token message alone and reads everything of it, eagerly and lazily. */
function parseTokenMessage(codes: Uint8Array, defect: Defect = 'none'): SipMessage {
  const m = parseMessage(tokenMessage(codes, defect), undefined, { eager: true });
  void m.values(`x-secret-${String.fromCharCode(...codes)}`);
  return m;
}

/**
 * Parses the clean token message and then the one with `defect`, three
 * times, and keeps nothing but counts: header lines of the clean ones, and
 * the defective ones that took the path they were made for. The defective
 * one comes last, so a match on its text would be the one left behind. A
 * function of its own, since a suspended async test would keep its locals.
 */
function parseAndDrop(codes: Uint8Array, defect: Defect): number[] {
  let headerCount = 0;
  let defectsSeen = 0;
  for (let i = 0; i < 3; i++) {
    headerCount += parseTokenMessage(codes).headers.length;
    const m = parseTokenMessage(codes, defect);
    const seen =
      defect === 'call-id'
        ? m.problems.some((p) => p.id === 'call-id.malformed')
        : m.bodyBytes > m.body.length;
    if (seen) defectsSeen++;
  }
  return [headerCount, defectsSeen];
}

/** Whether a heap snapshot taken now holds a string containing the token. */
async function heapHolds(codes: Uint8Array): Promise<boolean> {
  // The snapshot is taken by this call; the token's text is made only afterwards to search it.
  const stream = getHeapSnapshot();
  const needle = String.fromCharCode(...codes);
  let tail = '';
  let hit = false;
  for await (const chunk of stream) {
    const text = tail + String(chunk);
    if (text.includes(needle)) hit = true;
    tail = text.slice(-needle.length);
  }
  return hit;
}

describe('a single message parsed alone', () => {
  it('is found in a heap snapshot while it is referenced (so the check can fail)', {
    timeout: 60_000,
  }, async () => {
    const codes = randomToken();
    const m = parseTokenMessage(codes);
    expect(m.headers.length).toBe(10);
    expect(m.problems).toEqual([]);
    expect(await heapHolds(codes)).toBe(true);
    expect(m.callId?.length).toBeGreaterThan(0);
  });

  it.each<Defect>(['call-id', 'body'])(
    'leaves nothing of itself in the heap once dropped: no module, cache or engine slot keeps a value (%s defect parsed last)',
    { timeout: 60_000 },
    async (defect) => {
      const codes = randomToken();
      expect(parseAndDrop(codes, defect)).toEqual([30, 3]);
      expect(await heapHolds(codes)).toBe(false);
    },
  );
});
