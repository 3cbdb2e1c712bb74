import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDigest } from '../../../src/core/sip/digest.js';

const ids = (r: { problems: { id: string }[] }) => r.problems.map((p) => p.id);

describe('parseDigest: challenges', () => {
  it('reads an Asterisk chan_pjsip 401 challenge', () => {
    const r = parseDigest(
      'Digest realm="asterisk",nonce="1700812345/3d1f0c2b4e5a69788796a5b4c3d2e1f0",opaque="5e2c1a9b7d3f4e60",algorithm=md5,qop="auth"',
      { kind: 'challenge', line: 7 },
    );
    expect(r.problems).toEqual([]);
    expect(r.values).toHaveLength(1);
    const [c] = r.values;
    expect(c).toMatchObject({
      scheme: 'Digest',
      realm: 'asterisk',
      nonce: '1700812345/3d1f0c2b4e5a69788796a5b4c3d2e1f0',
      opaque: '5e2c1a9b7d3f4e60',
      algorithm: 'md5',
      qop: 'auth',
      qopOptions: ['auth'],
    });
    expect(c?.params.map((p) => p.name)).toEqual(['realm', 'nonce', 'opaque', 'algorithm', 'qop']);
    expect(c?.params[0]).toEqual({
      name: 'realm',
      value: 'asterisk',
      raw: '"asterisk"',
      quoted: true,
    });
  });

  it('reads an old chan_sip challenge with algorithm first', () => {
    const r = parseDigest('Digest algorithm=MD5, realm="asterisk", nonce="3a6b2f1c"');
    expect(r.problems).toEqual([]);
    expect(r.values[0]).toMatchObject({ algorithm: 'MD5', realm: 'asterisk', nonce: '3a6b2f1c' });
  });

  it('splits RFC 8760 SHA-256 and MD5 challenges joined by a comma', () => {
    const r = parseDigest(
      'Digest realm="sip.example.com", nonce="ZWHf3mVh3rK0j9k1", algorithm=SHA-256, qop="auth", Digest realm="sip.example.com", nonce="ZWHf3mVh3rK0j9k1", algorithm=MD5, qop="auth", stale=TRUE',
    );
    expect(r.problems).toEqual([]);
    expect(r.values.map((v) => v.algorithm)).toEqual(['SHA-256', 'MD5']);
    expect(r.values[1]?.stale).toBe(true);
    expect(r.values[0]?.stale).toBeUndefined();
    expect(r.values[0]?.raw).toBe(
      'Digest realm="sip.example.com", nonce="ZWHf3mVh3rK0j9k1", algorithm=SHA-256, qop="auth"',
    );
    expect(r.values[1]?.raw.startsWith('Digest realm="sip.example.com"')).toBe(true);
  });

  it('lists the qop options of a FreeSWITCH challenge', () => {
    const r = parseDigest(
      'Digest realm="10.0.0.5", nonce="6f1e2b8a-8c1d-4e1f-9a0b-2c3d4e5f6a7b", algorithm=MD5, qop="auth,auth-int"',
    );
    expect(r.values[0]?.qopOptions).toEqual(['auth', 'auth-int']);
    expect(r.problems).toEqual([]);
  });

  it('keeps other schemes, including a token68 credential', () => {
    const r = parseDigest('Basic realm="legacy", Bearer mF_9.B5f-4.1JqM/abc==');
    expect(r.values.map((v) => v.scheme)).toEqual(['Basic', 'Bearer']);
    expect(r.values[0]?.realm).toBe('legacy');
    expect(r.values[1]?.token68).toBe('mF_9.B5f-4.1JqM/abc==');
    expect(r.problems).toEqual([]);
  });

  it('resolves escapes inside quoted strings and keeps the raw text', () => {
    const r = parseDigest('Digest realm="the \\"blue\\" realm, east", nonce="a\\\\b"');
    expect(r.values[0]?.realm).toBe('the "blue" realm, east');
    expect(r.values[0]?.nonce).toBe('a\\b');
    expect(r.values[0]?.params[0]?.raw).toBe('"the \\"blue\\" realm, east"');
    expect(r.values).toHaveLength(1);
  });

  it('requires realm and nonce in a challenge', () => {
    const r = parseDigest('Digest algorithm=MD5', { kind: 'challenge', line: 4 });
    expect(ids(r)).toEqual(['digest.required.realm', 'digest.required.nonce']);
    expect(r.problems.every((p) => p.severity === 'error' && p.line === 4)).toBe(true);
  });

  it('notes unknown algorithms and qop options', () => {
    const r = parseDigest('Digest realm="x", nonce="y", algorithm=SHA-1, qop="auth,foo"');
    expect(ids(r)).toEqual(['digest.algorithm.unknown', 'digest.qop.unknown']);
  });

  it('warns about a stale value that is neither TRUE nor FALSE', () => {
    const r = parseDigest('Digest realm="x", nonce="y", stale=yes');
    expect(ids(r)).toContain('digest.stale.value');
    expect(r.values[0]?.stale).toBeUndefined();
  });
});

describe('parseDigest: credentials', () => {
  const linphone =
    'Digest realm="asterisk", nonce="1700812345/3d1f0c2b", algorithm=MD5, opaque="5e2c1a9b", username="1001",  uri="sip:192.168.1.10", response="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b", nc=00000001, qop=auth';

  it('reads Authorization from a softphone REGISTER', () => {
    const r = parseDigest(linphone, { kind: 'credentials' });
    expect(r.problems).toEqual([]);
    expect(r.values[0]).toMatchObject({
      username: '1001',
      uri: 'sip:192.168.1.10',
      response: '6629fae49393a05397450978507c4ef1',
      cnonce: '0a4f113b',
      nc: '00000001',
      ncValue: 1,
      qop: 'auth',
    });
  });

  it('guesses credentials when a response is present', () => {
    const r = parseDigest('Digest username="bob", realm="biloxi.com", nonce="n"');
    expect(ids(r)).toEqual(['digest.required.uri', 'digest.required.response']);
  });

  it('accepts the empty response and nonce of an IMS first REGISTER', () => {
    const r = parseDigest(
      'Digest username="001010000000001@ims.mnc001.mcc001.3gppnetwork.org", realm="ims.mnc001.mcc001.3gppnetwork.org", uri="sip:ims.mnc001.mcc001.3gppnetwork.org", nonce="", response=""',
    );
    expect(r.problems).toEqual([]);
    expect(r.values[0]?.response).toBe('');
  });

  it('requires cnonce and nc when qop is used', () => {
    const r = parseDigest(
      'Digest username="a", realm="r", nonce="n", uri="sip:r", response="6629fae49393a05397450978507c4ef1", qop=auth',
    );
    expect(ids(r)).toEqual(['digest.qop.cnonce-missing', 'digest.qop.nc-missing']);
  });

  it('flags a malformed nonce count and response', () => {
    const r = parseDigest(
      'Digest username="a", realm="r", nonce="n", uri="sip:r", response="xyz", cnonce="c", nc=1, qop=auth',
    );
    expect(ids(r)).toEqual(['digest.nc.syntax', 'digest.response.syntax']);
    expect(r.values[0]?.ncValue).toBe(1);
  });

  it('notes quoting that strict servers reject', () => {
    const r = parseDigest(
      'Digest username=alice, realm="r", nonce="n", uri="sip:r", response="6629fae49393a05397450978507c4ef1", algorithm="MD5"',
    );
    expect(ids(r)).toEqual(['digest.param.unquoted', 'digest.param.quoted']);
    expect(r.problems.every((p) => p.severity === 'note')).toBe(true);
  });

  it('warns about duplicate parameters and keeps the first', () => {
    const r = parseDigest('Digest realm="one", realm="two", nonce="n"');
    expect(r.values[0]?.realm).toBe('one');
    expect(ids(r)).toEqual(['digest.param.duplicate']);
  });

  it('rejects choosing several qop values in credentials', () => {
    const r = parseDigest(
      'Digest username="a", realm="r", nonce="n", uri="sip:r", response="6629fae49393a05397450978507c4ef1", cnonce="c", nc=00000001, qop="auth,auth-int"',
    );
    expect(ids(r)).toContain('digest.qop.multiple');
  });
});

describe('parseDigest: broken input', () => {
  it('reports an empty value', () => {
    expect(ids(parseDigest(''))).toEqual(['digest.empty']);
    expect(ids(parseDigest('   '))).toEqual(['digest.empty']);
  });

  it('reports parameters with no scheme before them', () => {
    const r = parseDigest('realm="x", nonce="y"');
    expect(ids(r)).toContain('digest.scheme.missing');
    expect(r.values[0]?.realm).toBe('x');
  });

  it('reports an unterminated quote and keeps what follows as the value', () => {
    const r = parseDigest('Digest nonce="n", realm="x, opaque=y');
    expect(ids(r)).toContain('digest.quote.unterminated');
    expect(r.values).toHaveLength(1);
    expect(r.values[0]?.realm).toBe('x, opaque=y');
  });

  it('reports a missing comma but still reads the parameter', () => {
    const r = parseDigest('Digest realm="x" nonce="y"');
    expect(ids(r)).toEqual(['digest.comma.missing']);
    expect(r.values[0]?.nonce).toBe('y');
  });

  it('reports an empty value after "="', () => {
    const r = parseDigest('Digest realm=, nonce="y"');
    expect(ids(r)).toContain('digest.param.value-missing');
  });

  it('skips stray text', () => {
    const r = parseDigest('Digest realm="x", "junk", nonce="y"');
    expect(ids(r)).toEqual(['digest.stray-text']);
    expect(r.values[0]?.nonce).toBe('y');
  });

  it('never throws and keeps output bounded on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const r = parseDigest(text);
        expect(r.problems.length).toBeLessThanOrEqual(200);
        expect(r.values.length).toBeLessThanOrEqual(text.length + 1);
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on mutations of a real challenge', () => {
    const base = 'Digest realm="asterisk", nonce="1b6a", qop="auth", algorithm=MD5, opaque="x\\"y"';
    const pieces = fc.constantFrom('"', ',', '=', '\\', ' ', 'Digest ', ';', '<', '');
    fc.assert(
      fc.property(fc.nat(base.length), pieces, fc.nat(5), (at, insert, cut) => {
        const text = base.slice(0, at) + insert + base.slice(at + cut);
        parseDigest(text, { kind: 'credentials' });
      }),
      { numRuns: 400 },
    );
  });

  it('stays linear on hostile input', () => {
    const hostile = [
      ','.repeat(200_000),
      '"'.repeat(200_000),
      `Digest ${'a=b,'.repeat(50_000)}`,
      `Digest ${'realm="x" '.repeat(30_000)}`,
      'Digest '.repeat(40_000),
    ];
    const started = performance.now();
    for (const text of hostile) parseDigest(text);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
