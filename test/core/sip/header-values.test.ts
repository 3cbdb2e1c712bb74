import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBase64Url,
  MAX_DELTA_SECONDS,
  parseAllow,
  parseExpires,
  parseIdentity,
  parseMinExpires,
  parseMinSe,
  parseOptionTags,
  parseReason,
  parseRetryAfter,
  parseSessionExpires,
  parseWarning,
} from '../../../src/core/sip/header-values.js';

const ids = (r: { problems: { id: string }[] }) => r.problems.map((p) => p.id);

describe('parseReason', () => {
  it('reads a FreeSWITCH Q.850 reason', () => {
    const r = parseReason('Q.850;cause=16;text="NORMAL_CLEARING"', { line: 12 });
    expect(r.problems).toEqual([]);
    expect(r.reasons).toEqual([
      {
        raw: 'Q.850;cause=16;text="NORMAL_CLEARING"',
        protocol: 'Q.850',
        cause: 16,
        text: 'NORMAL_CLEARING',
        params: { cause: '16', text: '"NORMAL_CLEARING"' },
      },
    ]);
  });

  it('reads several values, with spaces around the semicolons', () => {
    const r = parseReason(
      'SIP ;cause=200 ;text="Call completed elsewhere", Q.850 ; cause=31; text="Normal, unspecified"',
    );
    expect(r.problems).toEqual([]);
    expect(r.reasons.map((x) => [x.protocol, x.cause, x.text])).toEqual([
      ['SIP', 200, 'Call completed elsewhere'],
      ['Q.850', 31, 'Normal, unspecified'],
    ]);
  });

  it('keeps extension parameters such as location', () => {
    const r = parseReason('Q.850;cause=18;text="No user responding";location=LN');
    expect(r.reasons[0]?.params.location).toBe('LN');
    expect(r.problems).toEqual([]);
  });

  it('warns about a missing or malformed cause', () => {
    expect(ids(parseReason('Q.850'))).toEqual(['reason.cause-missing']);
    expect(ids(parseReason('SIP;cause=abc'))).toEqual(['reason.cause-syntax']);
    expect(ids(parseReason('Q.850;cause'))).toEqual(['reason.cause-missing']);
  });

  it('checks the cause range per protocol', () => {
    expect(ids(parseReason('Q.850;cause=200'))).toEqual(['reason.cause-range']);
    expect(ids(parseReason('SIP;cause=16'))).toEqual(['reason.cause-range']);
    expect(ids(parseReason('preemption;cause=1'))).toEqual([]);
  });

  it('notes unquoted text and repeated protocols', () => {
    const r = parseReason('SIP;cause=480;text=Temporarily Unavailable, SIP;cause=486');
    expect(r.reasons[0]?.text).toBe('Temporarily Unavailable');
    expect(ids(r)).toEqual(['reason.text-unquoted', 'reason.protocol-repeated']);
  });

  it('reports empty values and items', () => {
    expect(ids(parseReason(''))).toEqual(['reason.empty']);
    expect(ids(parseReason('SIP;cause=487,,Q.850;cause=16'))).toEqual(['reason.empty-item']);
    expect(ids(parseReason(';cause=16'))).toContain('reason.protocol-missing');
  });

  it('reports an unterminated quoted text', () => {
    const r = parseReason('Q.850;cause=16;text="Normal');
    expect(ids(r)).toEqual(['reason.param.unterminated-quote']);
    expect(r.reasons[0]?.text).toBe('Normal');
  });
});

describe('parseWarning', () => {
  it('reads the two warnings of the RFC 3261 example', () => {
    const r = parseWarning(
      `307 isi.edu "Session parameter 'foo' not understood", 301 isi.edu "Incompatible network address type 'E.164'"`,
    );
    expect(r.problems).toEqual([]);
    expect(r.warnings).toEqual([
      {
        raw: `307 isi.edu "Session parameter 'foo' not understood"`,
        code: 307,
        agent: 'isi.edu',
        text: "Session parameter 'foo' not understood",
      },
      {
        raw: `301 isi.edu "Incompatible network address type 'E.164'"`,
        code: 301,
        agent: 'isi.edu',
        text: "Incompatible network address type 'E.164'",
      },
    ]);
  });

  it('reads a Kamailio 392 debugging warning with commas and escapes in the text', () => {
    const r = parseWarning(
      '392 10.0.0.1:5060 "Noisy feedback tells:  pid=1234 req_src_ip=10.0.0.2 req_src_port=5060 in_uri=sip:100@10.0.0.1, \\"quoted\\""',
    );
    expect(r.problems).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]?.agent).toBe('10.0.0.1:5060');
    expect(r.warnings[0]?.text.endsWith('in_uri=sip:100@10.0.0.1, "quoted"')).toBe(true);
  });

  it('accepts an IPv6 agent', () => {
    const r = parseWarning('399 [2001:db8::10]:5060 "Dial plan: no route"');
    expect(r.warnings[0]).toMatchObject({
      code: 399,
      agent: '[2001:db8::10]:5060',
      text: 'Dial plan: no route',
    });
  });

  it('flags a bad code, a missing agent and unquoted text', () => {
    expect(ids(parseWarning('99 host "x"'))).toEqual(['warning.code']);
    expect(ids(parseWarning('399'))).toEqual(['warning.agent-missing', 'warning.text-missing']);
    const unquoted = parseWarning('399 sbc.example.net No route to destination');
    expect(ids(unquoted)).toEqual(['warning.text-unquoted']);
    expect(unquoted.warnings[0]?.text).toBe('No route to destination');
  });

  it('flags stray text and an unterminated quote', () => {
    expect(ids(parseWarning('399 host "text" extra'))).toEqual(['warning.stray-text']);
    expect(ids(parseWarning('399 host "text'))).toEqual(['warning.unterminated-quote']);
    expect(ids(parseWarning(''))).toEqual(['warning.empty']);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds with a duration', () => {
    const r = parseRetryAfter('18000;duration=3600');
    expect(r).toMatchObject({ seconds: 18000, duration: 3600, problems: [] });
    expect(r.comment).toBeUndefined();
  });

  it('reads a nested comment with an escape', () => {
    const r = parseRetryAfter("120 (I'm in a (long) meeting \\) honestly) ;duration=600");
    expect(r.problems).toEqual([]);
    expect(r.comment).toBe("I'm in a (long) meeting ) honestly");
    expect(r.duration).toBe(600);
  });

  it('reports what is wrong', () => {
    expect(ids(parseRetryAfter('soon'))).toEqual(['retry-after.seconds']);
    expect(ids(parseRetryAfter('60 (unclosed'))).toEqual(['retry-after.comment-unterminated']);
    expect(ids(parseRetryAfter('60;duration=later'))).toEqual(['retry-after.duration']);
    expect(ids(parseRetryAfter('60 junk'))).toEqual(['retry-after.param.stray-text']);
  });
});

describe('option tags and Allow', () => {
  it('reads Supported and Require lists', () => {
    expect(parseOptionTags('100rel, timer, replaces, norefersub', { header: 'supported' })).toEqual(
      {
        tags: ['100rel', 'timer', 'replaces', 'norefersub'],
        problems: [],
      },
    );
    expect(parseOptionTags('100rel').tags).toEqual(['100rel']);
  });

  it('allows an empty Supported but not an empty Require', () => {
    expect(parseOptionTags('', { header: 'supported' }).problems).toEqual([]);
    expect(ids(parseOptionTags('', { header: 'Require' }))).toEqual(['require.empty']);
  });

  it('reports bad tokens, empty items and duplicates', () => {
    const r = parseOptionTags('timer,, 100rel, tim er, timer', { header: 'supported', line: 9 });
    expect(r.tags).toEqual(['timer', '100rel', 'tim er', 'timer']);
    expect(ids(r)).toEqual(['supported.empty-item', 'supported.token', 'supported.duplicate']);
    expect(r.problems.every((p) => p.line === 9)).toBe(true);
  });

  it('reads an Asterisk Allow list', () => {
    const r = parseAllow(
      'INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PUBLISH, MESSAGE',
    );
    expect(r.methods).toHaveLength(11);
    expect(r.methods[5]).toBe('REFER');
    expect(r.problems).toEqual([]);
  });

  it('notes lower-case methods', () => {
    expect(ids(parseAllow('INVITE, bye'))).toEqual(['allow.case']);
  });
});

describe('session timers and expiry', () => {
  it('reads Session-Expires with a refresher', () => {
    const r = parseSessionExpires('1800;refresher=uac');
    expect(r).toMatchObject({ seconds: 1800, refresher: 'uac', problems: [] });
    expect(r.params.refresher).toBe('uac');
    expect(parseSessionExpires('1800 ; refresher=UAS').refresher).toBe('uas');
    expect(parseSessionExpires('90').refresher).toBeUndefined();
  });

  it('flags values below 90 seconds, bad refreshers and non-numbers', () => {
    expect(ids(parseSessionExpires('60'))).toEqual(['session-expires.below-minimum']);
    expect(ids(parseSessionExpires('1800;refresher=both'))).toEqual(['session-expires.refresher']);
    expect(ids(parseSessionExpires('abc;refresher=uac'))).toEqual(['session-expires.seconds']);
  });

  it('reads Min-SE', () => {
    expect(parseMinSe('90')).toMatchObject({ seconds: 90, problems: [] });
    expect(ids(parseMinSe('30'))).toEqual(['min-se.below-minimum']);
    expect(ids(parseMinSe(''))).toEqual(['min-se.seconds']);
  });

  it('reads Expires and Min-Expires', () => {
    expect(parseExpires(' 3600 ')).toEqual({ raw: ' 3600 ', seconds: 3600, problems: [] });
    expect(parseMinExpires('60').seconds).toBe(60);
    expect(parseExpires('0').seconds).toBe(0);
  });

  it('clamps huge values and explains RFC 2543 dates', () => {
    const huge = parseExpires('99999999999');
    expect(huge.seconds).toBe(MAX_DELTA_SECONDS);
    expect(ids(huge)).toEqual(['expires.clamped']);
    const date = parseExpires('Thu, 01 Dec 1994 16:00:00 GMT');
    expect(date.seconds).toBeUndefined();
    expect(ids(date)).toEqual(['expires.syntax']);
    expect(date.problems[0]?.message).toContain('date');
    expect(ids(parseMinExpires('-1'))).toEqual(['min-expires.syntax']);
  });
});

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const shakenHeader = {
  alg: 'ES256',
  ppt: 'shaken',
  typ: 'passport',
  x5u: 'https://cert.example.org/passport.cer',
};
const shakenPayload = {
  attest: 'A',
  dest: { tn: ['12155550131'] },
  iat: 1443208345,
  orig: { tn: '12155550121' },
  origid: '123e4567-e89b-12d3-a456-426655440000',
};
const signature =
  'rq3pjT1hoRwakEGjHCnWSwUDshd0-4uszqxl-hRm9X0-7L9kXPcjt4DZIRaLVcaJIEfrw5-CeBE0kRYPN7pmjw';

describe('parseIdentity', () => {
  it('decodes a SHAKEN PASSporT and its parameters without verifying it', () => {
    const token = `${b64url(shakenHeader)}.${b64url(shakenPayload)}.${signature}`;
    const r = parseIdentity(
      `${token};info=<https://cert.example.org/passport.cer>;alg=ES256;ppt=shaken`,
    );
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({
      token,
      form: 'full',
      jwtHeader: shakenHeader,
      payload: shakenPayload,
      signature,
      info: 'https://cert.example.org/passport.cer',
      alg: 'ES256',
      ppt: 'shaken',
    });
  });

  it('reads the compact form, which leaves the payload out', () => {
    const r = parseIdentity(
      `${b64url(shakenHeader)}..${signature};info=<https://cert.example.org/passport.cer>;ppt="shaken"`,
    );
    expect(r.form).toBe('compact');
    expect(r.payload).toBeUndefined();
    expect(r.problems).toEqual([]);
  });

  it('flags mismatches between the parameters and the PASSporT header', () => {
    const token = `${b64url(shakenHeader)}.${b64url(shakenPayload)}.${signature}`;
    const r = parseIdentity(`${token};info=<https://x.example/c.cer>;alg=RS256;ppt=div`);
    expect(ids(r)).toEqual(['identity.alg-mismatch', 'identity.ppt-mismatch']);
    expect(ids(parseIdentity(`${token};info=<https://x.example/c.cer>`))).toEqual([
      'identity.ppt-missing',
    ]);
  });

  it('flags a missing or unbracketed info parameter', () => {
    const token = `${b64url({ alg: 'ES256', typ: 'passport' })}.${b64url({ iat: 1 })}.${signature}`;
    expect(ids(parseIdentity(token))).toEqual(['identity.info-missing']);
    const r = parseIdentity(`${token};info=https://x.example/c.cer`);
    expect(ids(r)).toEqual(['identity.info-brackets']);
    expect(r.info).toBe('https://x.example/c.cer');
  });

  it('flags tokens that are not PASSporTs', () => {
    expect(ids(parseIdentity('abc.def;info=<https://x/c>'))).toEqual(['identity.token-parts']);
    expect(ids(parseIdentity(`bm90IGpzb24.${b64url({})}.${signature};info=<https://x/c>`))).toEqual(
      ['identity.jwt-header'],
    );
    expect(
      ids(parseIdentity(`${b64url({ alg: 'ES256' })}.bm90IGpzb24.${signature};info=<https://x/c>`)),
    ).toEqual(['identity.jwt-payload']);
    expect(
      ids(parseIdentity(`${b64url({ alg: 'ES256' })}.${b64url({})}.;info=<https://x/c>`)),
    ).toEqual(['identity.signature-missing']);
    expect(
      ids(parseIdentity(`${b64url({ alg: 'ES256' })}.${b64url({})}.a+b/c;info=<https://x/c>`)),
    ).toEqual(['identity.signature-chars']);
    expect(ids(parseIdentity(''))).toEqual(['identity.empty']);
  });

  it('recognises an RFC 4474 Identity', () => {
    const r = parseIdentity('"ZYNBbHC00VqH2NrXrXsXW8QJvO9iQyjmbAsUl1e7+vEbZYJ1HrYhH9Qg6bTjNbjz"');
    expect(r.form).toBe('legacy');
    expect(ids(r)).toEqual(['identity.legacy']);
  });

  it('decodes base64url with and without padding and rejects other characters', () => {
    expect(Array.from(decodeBase64Url('AQID') ?? [])).toEqual([1, 2, 3]);
    expect(Array.from(decodeBase64Url('_-8') ?? [])).toEqual([255, 239]);
    expect(Array.from(decodeBase64Url('AQ==') ?? [])).toEqual([1]);
    expect(decodeBase64Url('A')).toBeUndefined();
    expect(decodeBase64Url('a+b/')).toBeUndefined();
    expect(decodeBase64Url('é')).toBeUndefined();
  });
});

describe('header values: robustness', () => {
  const parsers: [string, (v: string) => { problems: unknown[] }][] = [
    ['reason', parseReason],
    ['warning', parseWarning],
    ['retry-after', parseRetryAfter],
    ['option tags', (v) => parseOptionTags(v, { header: 'supported' })],
    ['allow', parseAllow],
    ['session-expires', parseSessionExpires],
    ['min-se', parseMinSe],
    ['expires', parseExpires],
    ['min-expires', parseMinExpires],
    ['identity', parseIdentity],
  ];
  const tricky = fc.stringMatching(/^[\x20-\x7e\t]{0,120}$/).map((s) => s);
  const pieces = fc.array(
    fc.constantFrom('"', ',', ';', '=', '\\', '(', ')', '<', '>', ' ', 'a', '1', '.', ':'),
    {
      maxLength: 80,
    },
  );

  it.each(parsers)('%s never throws on arbitrary text and keeps output bounded', (_name, parse) => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          tricky,
          pieces.map((p) => p.join('')),
        ),
        (text) => {
          const r = parse(text);
          expect(r.problems.length).toBeLessThanOrEqual(400);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays linear on hostile input', () => {
    const hostile = [
      ','.repeat(100_000),
      ';'.repeat(100_000),
      '"'.repeat(100_000),
      '('.repeat(100_000),
      '<'.repeat(100_000),
      `1${';a=<'.repeat(30_000)}`,
      `SIP${';cause=1'.repeat(30_000)}`,
      `399 h "x"${', 399 h "x"'.repeat(20_000)}`,
    ];
    const started = performance.now();
    for (const text of hostile) for (const [, parse] of parsers) parse(text);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
