/**
 * Keeps the SIP benchmark honest and from rotting: the generated corpus has
 * the promised mix and sizes, and every parser adapter reads the same
 * Call-ID and CSeq out of the same messages (so the bench times real parses).
 */
import { describe, expect, it } from 'vitest';
import { checkPeer, sampleEvery } from '../../bench/sip/check-peers.js';
import { expectedDelivery } from '../../bench/sip/conformance-verdicts.js';
import { generateCorpus, MAX_MESSAGE_BYTES, MIN_MESSAGE_BYTES } from '../../bench/sip/corpus.js';
import { PATHOLOGICAL_SHAPES } from '../../bench/sip/pathological.js';
import { loadPeer, PEER_IDS } from '../../bench/sip/peers.js';

const corpus = generateCorpus(3_000);

describe('benchmark corpus', () => {
  it('is the same for the same seed and differs for another', () => {
    const again = generateCorpus(50);
    expect(again.map((m) => m.text)).toEqual(corpus.slice(0, 50).map((m) => m.text));
    expect(generateCorpus(50, 7)[0]?.text).not.toBe(corpus[0]?.text);
  });

  it('keeps every message between 400 and 1500 bytes, with CRLF framing and an exact Content-Length', () => {
    for (const m of corpus) {
      expect(m.bytes).toBeGreaterThanOrEqual(MIN_MESSAGE_BYTES);
      expect(m.bytes).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
      const split = m.text.indexOf('\r\n\r\n');
      expect(split).toBeGreaterThan(0);
      expect(Buffer.byteLength(m.text.slice(split + 4))).toBe(m.contentLength);
    }
  });

  it('holds the promised mix of requests and responses', () => {
    const labels = new Set(corpus.map((m) => m.label));
    for (const label of ['INVITE', 'ACK', 'BYE', 'CANCEL', 'REGISTER', 'OPTIONS'])
      expect(labels).toContain(label);
    for (const code of [
      '100',
      '180',
      '183',
      '200',
      '401',
      '403',
      '404',
      '407',
      '486',
      '487',
      '488',
      '500',
      '503',
    ])
      expect(labels).toContain(code);
    const invitesWithSdp = corpus.filter(
      (m) => m.label === 'INVITE' && m.text.includes('\r\nm=audio '),
    );
    expect(invitesWithSdp.length).toBe(corpus.filter((m) => m.label === 'INVITE').length);
    expect(
      corpus.some((m) => m.label === 'REGISTER' && m.text.includes('\r\nAuthorization: Digest ')),
    ).toBe(true);
    expect(
      corpus.some((m) => m.label === '401' && /\r\n(WWW-Authenticate): Digest /.test(m.text)),
    ).toBe(true);
    expect(
      corpus.some((m) => m.label === '407' && m.text.includes('\r\nProxy-Authenticate: Digest ')),
    ).toBe(true);
    expect(
      corpus.filter((m) => m.label === '503').every((m) => /\r\nRetry-After: \d+/.test(m.text)),
    ).toBe(true);
    const requests = corpus.filter((m) => m.kind === 'request').length;
    expect(requests / corpus.length).toBeGreaterThan(0.35);
    expect(requests / corpus.length).toBeLessThan(0.65);
  });

  it('has some messages with compact header names and some with comma-joined Via values', () => {
    const compact = corpus.filter((m) => m.compact);
    expect(compact.length / corpus.length).toBeGreaterThan(0.05);
    for (const m of compact.slice(0, 20)) {
      for (const name of ['v', 'f', 't', 'i', 'l'])
        expect(m.text).toMatch(new RegExp(`\\r\\n${name}: `));
    }
    const joined = corpus.filter((m) => m.commaVia);
    expect(joined.length / corpus.length).toBeGreaterThan(0.05);
    for (const m of joined.slice(0, 20))
      expect(m.text).toMatch(/\r\n(Via|v): SIP\/2\.0\/UDP [^\r\n]+,SIP\/2\.0\/UDP /);
  });

  it('builds pathological messages that double in size from one factor to the next', () => {
    for (const shape of PATHOLOGICAL_SHAPES) {
      const one = shape.build(1).length;
      const two = shape.build(2).length;
      expect(two / one).toBeGreaterThan(1.6);
      expect(two / one).toBeLessThan(2.1);
    }
  });
});

describe('benchmark parser adapters', () => {
  const sample = sampleEvery(corpus, 97);

  for (const id of PEER_IDS) {
    it(`${id}: reads the right Call-ID, CSeq and start line from every sampled message`, async () => {
      const peer = await loadPeer(id);
      const check = checkPeer(peer, sample);
      expect(check.rejected).toBe(0);
      expect(check.wrong['Call-ID']).toBe(0);
      expect(check.wrong.CSeq).toBe(0);
      expect(check.wrong['start line']).toBe(0);
      expect(check.wrong['Content-Length']).toBe(0);
    });
  }

  it('ours and the sip package get every Via count, branch and tag right', async () => {
    for (const id of ['ours', 'sip'] as const) {
      const check = checkPeer(await loadPeer(id), sample);
      expect(check.wrong['Via count'], id).toBe(0);
      expect(check.wrong['top branch'], id).toBe(0);
      expect(check.wrong['From tag'], id).toBe(0);
      expect(check.wrong['To tag'], id).toBe(0);
    }
  });
});

describe('benchmark conformance verdicts', () => {
  it('counts only clear-cut vectors: must parse, or must be rejected', () => {
    expect(expectedDelivery('parse')).toBe(true);
    expect(expectedDelivery('parse-first')).toBe(true);
    expect(expectedDelivery('reject-400')).toBe(false);
    expect(expectedDelivery('reject-505')).toBe(false);
    expect(expectedDelivery('reject-400-or-trim')).toBeUndefined();
    expect(expectedDelivery('parse-then-416')).toBeUndefined();
  });
});
