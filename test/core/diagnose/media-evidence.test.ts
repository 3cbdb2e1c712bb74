/**
 * Issue 11, item 4: a 488 or 606 is "no common codec" only when the offer and
 * the refusing side's list, a Warning 305 or the refusal's words show it;
 * otherwise the cause with evidence (SRTP, WebRTC, malformed SDP, T.38, hold)
 * is named with that evidence, and with none the finding has low confidence
 * and says what to look at. Fixtures: test/fixtures/pastes-media/ (see its README).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/core/diagnose/diagnose.js';
import { parseText } from '../../../src/core/ingest/parse-text.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const kb = realKnowledge();
const dir = new URL('../../fixtures/pastes-media/', import.meta.url);

function diagnosePaste(file: string) {
  return diagnose(parseText(readFileSync(new URL(file, dir), 'utf8')), kb);
}

interface Case {
  file: string;
  code: number;
  top: string;
  /** Words the top finding's explanation must contain (the evidence it names). */
  names: RegExp[];
  /** Evidence lines the top finding must quote. */
  quotes: string[];
  /** Bounds on the top finding's confidence. */
  min: number;
  max: number;
}

const CASES: Case[] = [
  {
    file: 'codec-stated-list.txt',
    code: 488,
    top: 'media.codec-mismatch',
    names: [/G729/, /PCMU, PCMA/, /none in common/],
    quotes: ['m=audio 30000 RTP/AVP 18 101', 'm=audio 0 RTP/AVP 0 8 101'],
    min: 0.85,
    max: 1,
  },
  {
    file: 'warning-305.txt',
    code: 488,
    top: 'media.codec-mismatch',
    names: [/Warning 305/],
    quotes: ['Warning: 305 sbc.example.net "Incompatible media format"'],
    min: 0.85,
    max: 1,
  },
  {
    file: 'srtp-required.txt',
    code: 488,
    top: 'media.srtp-mismatch',
    names: [/names SRTP/, /TLS/, /RTP\/AVP/],
    quotes: ['m=audio 42000 RTP/AVP 0 8'],
    min: 0.85,
    max: 1,
  },
  {
    file: 'srtp-offer-to-plain.txt',
    code: 488,
    top: 'media.srtp-mismatch',
    names: [/RTP\/SAVP \(SRTP\)/, /lists RTP\/AVP/],
    quotes: ['m=audio 46000 RTP/SAVP 0', 'm=audio 0 RTP/AVP 0'],
    min: 0.85,
    max: 1,
  },
  {
    file: 'webrtc-to-phone.txt',
    code: 488,
    top: 'media.webrtc-mismatch',
    names: [/UDP\/TLS\/RTP\/SAVPF/, /fingerprint/, /ICE/],
    quotes: ['m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8'],
    min: 0.6,
    max: 0.9,
  },
  {
    file: 't38-reinvite.txt',
    code: 488,
    top: 'media.t38-rejected',
    names: [/T\.38/, /m=image 43000 udptl t38/],
    quotes: ['m=image 43000 udptl t38'],
    min: 0.85,
    max: 1,
  },
  {
    file: 'sdp-no-connection.txt',
    code: 606,
    top: 'media.sdp-malformed',
    names: [/no c= line/],
    quotes: ['m=audio 45000 RTP/AVP 0'],
    min: 0.7,
    max: 0.9,
  },
  {
    file: 'hold-reinvite.txt',
    code: 488,
    top: 'media.hold-or-inactive',
    names: [/on hold \(c=0\.0\.0\.0\)/],
    quotes: ['c=IN IP4 0.0.0.0'],
    min: 0.4,
    max: 0.6,
  },
  {
    file: 'no-evidence.txt',
    code: 488,
    top: 'media.offer-refused',
    names: [/not shown/, /no Warning/, /Look at the refusing side's log/, /PCMU, PCMA/],
    quotes: ['m=audio 44000 RTP/AVP 0 8 101'],
    min: 0,
    max: 0.4,
  },
  {
    file: 'response-only-488.txt',
    code: 488,
    top: 'media.offer-refused',
    names: [/not in the paste/, /Look at the refusing side's log/],
    quotes: ['SIP/2.0 488 Not Acceptable Here'],
    min: 0,
    max: 0.4,
  },
];

describe('488 and 606: the cause follows the evidence (item 4)', () => {
  for (const c of CASES) {
    it(`${c.file}: ${c.code}, ${c.top}`, () => {
      const d = diagnosePaste(c.file);
      expect(d.verdict.outcome).toBe('failed');
      expect(d.verdict.method).toBe('INVITE');
      expect(d.verdict.code).toBe(c.code);
      const top = d.findings[0];
      expect(top?.id, d.findings.map((f) => f.id).join(', ')).toBe(c.top);
      for (const re of c.names) expect(top?.explanation).toMatch(re);
      const quoted = top?.evidence.map((e) => e.text) ?? [];
      for (const q of c.quotes) expect(quoted).toContain(q);
      expect(top?.confidence).toBeGreaterThanOrEqual(c.min);
      expect(top?.confidence).toBeLessThanOrEqual(c.max);
    });
  }

  it('claims no common codec only where a Warning 305 or the refusing side shows it', () => {
    for (const c of CASES) {
      const ids = diagnosePaste(c.file).findings.map((f) => f.id);
      if (c.top !== 'media.codec-mismatch')
        expect(ids, c.file).not.toContain('media.codec-mismatch');
    }
  });

  it('never quotes the SRTP key of an offer', () => {
    const d = diagnosePaste('srtp-offer-to-plain.txt');
    const text = JSON.stringify(d.findings);
    expect(text).not.toContain('WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz');
    expect(text).toContain('a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:…');
  });

  it('does not report a refused hold offer as media put on hold', () => {
    const d = diagnosePaste('hold-reinvite.txt');
    const hold = d.findings.filter((f) => f.id === 'media.hold-or-inactive');
    expect(hold).toHaveLength(1);
    expect(hold[0]?.explanation).toContain('488');
  });

  it('does not read a WebRTC offer (c=0.0.0.0 with ICE) as a hold', () => {
    const ids = diagnosePaste('webrtc-to-phone.txt').findings.map((f) => f.id);
    expect(ids).not.toContain('media.hold-or-inactive');
  });

  it('names the weaker alternatives and their evidence beside the strongest', () => {
    const text = readFileSync(new URL('srtp-required.txt', dir), 'utf8').replace(
      'Warning: 399 pbx.example.com "SRTP required: offer has no RTP/SAVP stream"',
      'Warning: 305 pbx.example.com "Incompatible media format"',
    );
    const d = diagnose(parseText(text), kb);
    const top = d.findings[0];
    expect(top?.id).toBe('media.codec-mismatch');
    expect(top?.explanation).toMatch(
      /Also possible, with less evidence: media\.srtp-mismatch \(the INVITE came over TLS/,
    );
  });
});
