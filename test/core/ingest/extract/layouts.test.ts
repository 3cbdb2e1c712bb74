/**
 * Log layouts people paste from (issue 11, item 1): each file under
 * test/fixtures/pastes-layouts holds the same failing INVITE dialog as
 * raw.txt (INVITE, 100, 180, 486, ACK) in one layout. The extractor must find
 * the same messages with the same wire text, name the layout, keep the
 * addresses the layout states, and the diagnosis must reach the same verdict
 * and the same top finding.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../../src/core/app/handle.js';
import { extractMessages } from '../../../../src/core/ingest/extract/extract-messages.js';
import type { Endpoint } from '../../../../src/core/sip/types.js';
import { realKnowledge } from '../../../helpers/knowledge.js';
import { splitWireMessage } from './wire-message.js';

const dir = new URL('../../../fixtures/pastes-layouts/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, dir), 'utf8');

const caller: Endpoint = { address: '203.0.113.5', port: 5060 };
const server: Endpoint = { address: '198.51.100.7', port: 5060 };
/** Which messages of the dialog the caller sent (INVITE and ACK). */
const sentByCaller = [true, false, false, false, true];

interface Layout {
  format: string;
  /** The addresses the layout states, for a message the caller sent and one it received. */
  sent?: { src?: Endpoint; dst?: Endpoint };
  received?: { src?: Endpoint; dst?: Endpoint };
  transport?: string;
  /** The time the layout gives for the first message. */
  firstTime?: string;
}

const LAYOUTS: Record<string, Layout> = {
  // Kamailio logs the proxy's side: it received the INVITE from the caller.
  'rsyslog-escaped.log': { format: 'syslog', firstTime: 'Dec  4 10:00:00' },
  // pjsua is the caller; the log names the far end.
  'pjsua.log': {
    format: 'pjsip',
    sent: { dst: server },
    received: { src: server },
    transport: 'UDP',
    firstTime: '10:00:00.100',
  },
  'snom.txt': {
    format: 'snom',
    sent: { dst: server },
    received: { src: server },
    transport: 'UDP',
    firstTime: '10:00:00',
  },
  // drachtio (Sofia-SIP) is the server side: it received the INVITE from the caller.
  'drachtio.log': {
    format: 'freeswitch',
    sent: { src: caller },
    received: { dst: caller },
    transport: 'UDP',
    firstTime: '2026-12-04 10:00:00.100000',
  },
  'asterisk-full.log': {
    format: 'asterisk',
    sent: { src: caller },
    received: { dst: caller },
  },
  'python-bytes.txt': { format: 'python-bytes' },
  'esp-idf.log': { format: 'esp-idf' },
  'jssip-console.txt': { format: 'jssip' },
  'sipjs-console.txt': { format: 'sipjs', firstTime: '10:00:00' },
  'linphone.log': {
    format: 'belle-sip',
    sent: { dst: server },
    received: { src: server },
    transport: 'UDP',
    firstTime: '2026-12-04 10:00:00',
  },
  'sipsorcery.txt': {
    format: 'sipsorcery',
    sent: { src: caller, dst: server },
    received: { src: server, dst: caller },
    transport: 'UDP',
    firstTime: '10:00:00',
  },
  'wireshark-export.txt': {
    format: 'tshark',
    sent: { src: caller, dst: server },
    received: { src: server, dst: caller },
    transport: 'UDP',
  },
};

const raw = extractMessages(read('raw.txt'));
/** The wire text with every line end as LF, so a layout that lost the CRs still compares. */
const lf = (text: string): string => text.replace(/\r\n/g, '\n');

/**
 * The card's title, verdict and top finding (the id of the first finding). Where the layout gives the responder's
 * address the title names it ("from 198.51.100.7:5060 (edge-proxy/3.0)"
 * where the raw text only has "from edge-proxy/3.0"); that is taken out,
 * the verdict itself must be the same.
 */
async function verdictOf(
  text: string,
): Promise<{ title?: string; verdict: unknown; topFinding?: string }> {
  const app = createApp({ kb: realKnowledge() });
  const reply = await app.handle({
    type: 'message',
    text,
    origin: { platform: 'cli', user: { id: 'u' }, conversation: 'c' },
  });
  const card = reply.messages[0]?.card;
  const title = card?.title.replace(/ from \S+:\d+ \(([^()]*)\)$/, ' from $1');
  const verdict = { ...((card?.data.verdict as Record<string, unknown> | undefined) ?? {}) };
  const { outcome, method, requestUri, code, reason, callId } = verdict;
  const findings = card?.data.findings as { id: string }[] | undefined;
  return {
    title,
    verdict: { outcome, method, requestUri, code, reason, callId },
    topFinding: findings?.[0]?.id,
  };
}

describe('the raw dialog', () => {
  it('holds INVITE, 100, 180, 486 and ACK', () => {
    expect(raw.format).toBe('raw');
    expect(raw.messages.map((m) => splitWireMessage(m.content).startLine)).toEqual([
      'INVITE sip:dave@example.net SIP/2.0',
      'SIP/2.0 100 Trying',
      'SIP/2.0 180 Ringing',
      'SIP/2.0 486 Busy Here',
      'ACK sip:dave@example.net SIP/2.0',
    ]);
  });

  it('is diagnosed as a call refused with 486, the callee busy', async () => {
    const { title, verdict, topFinding } = await verdictOf(read('raw.txt'));
    expect(title).toBe('INVITE sip:dave@example.net failed: 486 Busy Here from edge-proxy/3.0');
    expect(verdict).toMatchObject({ method: 'INVITE', code: 486, reason: 'Busy Here' });
    expect(topFinding).toBe('callee.busy');
  });
});

describe.each(Object.entries(LAYOUTS))('%s', (name, layout) => {
  const text = read(name);
  const result = extractMessages(text);

  it('finds the same messages as the raw dialog, with the same wire text', () => {
    expect(result.problems).toEqual([]);
    expect(result.messages.map((m) => splitWireMessage(m.content).startLine)).toEqual(
      raw.messages.map((m) => splitWireMessage(m.content).startLine),
    );
    expect(result.messages.map((m) => lf(m.content))).toEqual(
      raw.messages.map((m) => lf(m.content)),
    );
    for (const m of result.messages) expect(m.source.truncated).toBeUndefined();
  });

  it(`is read as ${layout.format}, with the addresses and time the layout states`, () => {
    expect(result.format).toBe(layout.format);
    result.messages.forEach((m, i) => {
      const want = sentByCaller[i] ? layout.sent : layout.received;
      expect(m.source.format).toBe(layout.format);
      expect(m.source.src).toEqual(want?.src);
      expect(m.source.dst).toEqual(want?.dst);
      if (layout.transport !== undefined) expect(m.source.transport).toBe(layout.transport);
    });
    expect(result.messages[0]?.source.timestampText).toBe(layout.firstTime);
  });

  it('gets the same verdict and top finding as the raw dialog', async () => {
    const layoutVerdict = await verdictOf(text);
    const rawVerdict = await verdictOf(read('raw.txt'));
    expect(layoutVerdict.topFinding).toBeDefined();
    expect(layoutVerdict.topFinding).toBe(rawVerdict.topFinding);
    expect(layoutVerdict).toEqual(rawVerdict);
  });
});

describe('layout details', () => {
  it('decodes a Python bytes literal with \\x escapes and either quote', () => {
    // Python quotes with ' unless the bytes hold a ' and no ", and escapes \' then.
    const message =
      'OPTIONS sip:ping@198.51.100.7 SIP/2.0\r\nVia: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK-77\r\nFrom: "J\u00f6rg" <sip:j@example.net>;tag=1\r\nTo: <sip:ping@example.net>\r\nCall-ID: it\'s-1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n';
    const escaped = message
      .replace(/\r/g, '\\r')
      .replace(/\n/g, '\\n')
      .replace('\u00f6', '\\xc3\\xb6');
    const single = extractMessages(`data = b'${escaped.replace("'", "\\'")}'\n`);
    expect(single.messages.map((m) => m.content)).toEqual([message]);
    expect(single.format).toBe('python-bytes');
    const plain = message.replace('"J\u00f6rg" ', '');
    const double = extractMessages(`[b"${plain.replace(/\r/g, '\\r').replace(/\n/g, '\\n')}"]\n`);
    expect(double.messages.map((m) => m.content)).toEqual([plain]);
  });

  it('reads a pjsip message without Content-Length up to "--end msg--"', () => {
    const text = [
      '10:00:00.100  pjsua_core.c  .RX 200 bytes Request msg OPTIONS/cseq=5 (rdata0x1) from UDP [2001:db8::7]:5060:',
      'OPTIONS sip:carol@203.0.113.5 SIP/2.0',
      'Via: SIP/2.0/UDP [2001:db8::7]:5060;branch=z9hG4bK-9',
      'Call-ID: opt-1',
      'CSeq: 5 OPTIONS',
      '',
      '--end msg--',
      '10:00:00.101  pjsua_core.c  ..Request msg OPTIONS handled',
    ].join('\n');
    const found = extractMessages(text);
    expect(found.messages).toHaveLength(1);
    expect(found.messages[0]?.content.endsWith('CSeq: 5 OPTIONS\r\n\r\n')).toBe(true);
    expect(found.messages[0]?.source.src).toEqual({ address: '2001:db8::7', port: 5060 });
  });

  it('reads the other wordings of the announcement lines', () => {
    const message = [
      'OPTIONS sip:carol@203.0.113.5 SIP/2.0',
      'Via: SIP/2.0/TLS 198.51.100.7:5061;branch=z9hG4bK-3',
      'From: <sip:probe@example.net>;tag=9',
      'To: <sip:carol@example.net>',
      'Call-ID: probe-3',
      'CSeq: 3 OPTIONS',
      'Content-Length: 0',
      '',
      '',
    ].join('\n');
    const cases: [string, string, Record<string, unknown>][] = [
      [
        '[10:00:05 DBG] Request received: tls:203.0.113.5:5061<-tls:198.51.100.7:5061',
        'sipsorcery',
        {
          src: { address: '198.51.100.7', port: 5061 },
          dst: { address: '203.0.113.5', port: 5061 },
          transport: 'TLS',
        },
      ],
      [
        'Received from tls:198.51.100.7:5061 at 4/12/2026 10:00:05:010 (260 bytes):\n',
        'snom',
        { src: { address: '198.51.100.7', port: 5061 }, transport: 'TLS' },
      ],
      ['JsSIP:Transport received WebSocket message\n', 'jssip', {}],
      ['JsSIP:Transport received text message:   debug.js:190\n', 'jssip', {}],
      ['sip.Transport | Received WebSocket text message:  sip.min.js:2\n', 'sipjs', {}],
      [
        'channel [0x1]: message received from [TLS://198.51.100.7:5061], size: [260] bytes',
        'belle-sip',
        { src: { address: '198.51.100.7', port: 5061 }, transport: 'TLS' },
      ],
    ];
    for (const [header, format, where] of cases) {
      const found = extractMessages(`${header}\n${message}`);
      expect(found.messages).toHaveLength(1);
      expect(found.messages[0]?.source).toMatchObject({ format, ...where });
    }
  });

  it('reads an ESP-IDF log that prefixes only the first line of a message', () => {
    const text = read('raw.txt')
      .split(/\n(?=SIP\/2\.0 |INVITE |ACK )/)
      .map((m, i) => `I (${5120 + i * 40}) SIP: ${m}`)
      .join('\n');
    const found = extractMessages(text);
    expect(found.format).toBe('esp-idf');
    expect(found.messages.map((m) => lf(m.content))).toEqual(
      raw.messages.map((m) => lf(m.content)),
    );
  });

  it('drops terminal colours around prefixed lines', () => {
    const text = read('esp-idf.log');
    expect(text).toContain('\x1b[0;32m');
    expect(extractMessages(text).messages.every((m) => !m.content.includes('\x1b'))).toBe(true);
  });
});
