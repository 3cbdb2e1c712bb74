import { describe, expect, it } from 'vitest';
import { isIpv4Address, isIpv6Address } from '../../../src/core/sip/ip-address.js';
import type { SyntaxIssue } from '../../../src/core/sip/syntax-issue.js';
import {
  isIpAddress,
  parseHostPort,
  parseUri,
  parseUriAt,
  percentDecode,
} from '../../../src/core/sip/uri.js';

function withIssues(text: string): { uri: ReturnType<typeof parseUri>; issues: string[] } {
  const sink: SyntaxIssue[] = [];
  const uri = parseUri(text, sink);
  return { uri, issues: sink.map((i) => i.code) };
}

describe('parseUri: sip and sips', () => {
  it('reads every part and keeps the raw text', () => {
    const { uri, issues } = withIssues(
      'sips:alice:secret@Atlanta.example.com:5061;transport=tls;LR;maddr=[2001:db8::1]?Subject=hi%20there&Priority=urgent',
    );
    expect(issues).toEqual([]);
    expect(uri).toEqual({
      raw: 'sips:alice:secret@Atlanta.example.com:5061;transport=tls;LR;maddr=[2001:db8::1]?Subject=hi%20there&Priority=urgent',
      scheme: 'sips',
      user: 'alice',
      userRaw: 'alice',
      password: 'secret',
      host: 'Atlanta.example.com',
      hostRaw: 'Atlanta.example.com',
      port: 5061,
      params: { transport: 'tls', lr: null, maddr: '[2001:db8::1]' },
      headers: { Subject: 'hi there', Priority: 'urgent' },
    });
  });

  it('splits the user part at the "@", keeping ";" "?" and "/" in the user', () => {
    const uri = parseUri('sip:user;par=u%40example.net@example.com');
    expect(uri?.user).toBe('user;par=u@example.net');
    expect(uri?.userRaw).toBe('user;par=u%40example.net');
    expect(uri?.host).toBe('example.com');
    expect(uri?.params).toEqual({});
  });

  it('decodes escapes in user, parameters and headers, keeping the raw text', () => {
    const uri = parseUri(
      'sip:sips%3Auser%40example.com@example.net;%6C%72;n%61me=v%61lue%25%34%31',
    );
    expect(uri?.user).toBe('sips:user@example.com');
    expect(uri?.params).toEqual({ lr: null, name: 'value%41' });
    expect(uri?.raw).toBe(
      'sip:sips%3Auser%40example.com@example.net;%6C%72;n%61me=v%61lue%25%34%31',
    );
  });

  it('never truncates at an escaped NUL and decodes UTF-8 sequences', () => {
    expect(parseUri('sip:%00%00@h')?.user).toBe('\x00\x00');
    expect(parseUri('sip:null-%00-null@h')?.user).toBe('null-\x00-null');
    expect(parseUri('sip:Jos%C3%A9@h')?.user).toBe('José');
  });

  it('reads IPv6 references with and without a port', () => {
    expect(parseUri('sip:[2001:db8::10]')).toMatchObject({
      host: '2001:db8::10',
      hostRaw: '[2001:db8::10]',
      port: undefined,
    });
    expect(parseUri('sip:[2001:db8::10]:5070')).toMatchObject({ host: '2001:db8::10', port: 5070 });
    expect(parseUri('sip:[2001:db8::10:5070]')).toMatchObject({
      host: '2001:db8::10:5070',
      port: undefined,
    });
    expect(parseUri('sip:ted@[::ffff:192.0.2.2]')?.host).toBe('::ffff:192.0.2.2');
  });

  it('reports defects and still returns the best reading', () => {
    expect(withIssues('sip:user@[2001:db8:::192.0.2.1]').issues).toEqual(['ipv6']);
    expect(withIssues('sip:2001:db8::10').issues).toEqual(['ipv6-unbracketed']);
    expect(withIssues('sip:h:99999').issues).toEqual(['port']);
    expect(withIssues('sip:h:').issues).toEqual(['port']);
    expect(withIssues('sip:@h').issues).toEqual(['user']);
    expect(withIssues('sip:a%zz@h').issues).toEqual(['escape']);
    expect(withIssues('sip:a b@h').issues).toEqual(['uri-char']);
    expect(withIssues('sip:h;;lr').issues).toEqual(['empty-param']);
    expect(withIssues('sip:h?Route').issues).toEqual(['uri-header']);
    expect(withIssues('sip:[2001:db8::1').issues).toEqual(['host']);
    expect(withIssues('sip:;lr').issues).toEqual(['host']);
    const bad = withIssues('sip:h:99999');
    expect(bad.uri?.host).toBe('h');
    expect(bad.uri?.port).toBeUndefined();
  });

  it('treats the scheme case-insensitively', () => {
    expect(parseUri('SIP:bob@h')?.scheme).toBe('sip');
    expect(parseUri('Sips:bob@h')?.scheme).toBe('sips');
  });
});

describe('parseUri: tel and other schemes', () => {
  it('reads tel numbers with their parameters', () => {
    const global = parseUri('tel:+1-201-555-0123;ext=12');
    expect(global).toMatchObject({
      scheme: 'tel',
      user: '+1-201-555-0123',
      host: '',
      params: { ext: '12' },
    });
    const local = parseUri('tel:7042;phone-context=example.com');
    expect(local?.params['phone-context']).toBe('example.com');
    expect(withIssues('tel:+1-abc').issues).toEqual(['tel-number']);
    expect(withIssues('tel:;x=1').issues).toEqual(['tel-number']);
  });

  it('keeps other absolute URIs as text, reading //host:port when present', () => {
    expect(parseUri('soap.beep://192.0.2.103:3002')).toMatchObject({
      scheme: 'soap.beep',
      host: '192.0.2.103',
      port: 3002,
    });
    expect(parseUri('isbn:2983792873')).toMatchObject({
      scheme: 'isbn',
      host: '',
      raw: 'isbn:2983792873',
    });
    expect(parseUri('http://user@www.example.com/x')?.host).toBe('www.example.com');
  });

  it('returns undefined only when there is no scheme', () => {
    expect(withIssues('alan@jasomi.com')).toEqual({ uri: undefined, issues: ['uri'] });
    expect(withIssues(':x').uri).toBeUndefined();
    expect(withIssues('1sip:x').uri).toBeUndefined();
    expect(withIssues('s p:x').uri).toBeUndefined();
  });
});

describe('parseUriAt', () => {
  it('reads a URI in place and never looks past the end', () => {
    const text = 'To: <sip:bob@example.com;transport=udp>;tag=1';
    const start = text.indexOf('sip:');
    const end = text.indexOf('>');
    const uri = parseUriAt(text, start, end);
    expect(uri).toMatchObject({
      raw: 'sip:bob@example.com;transport=udp',
      user: 'bob',
      params: { transport: 'udp' },
    });
  });

  it('checks without building when asked, reporting the same issues', () => {
    for (const text of [
      'sip:a%zz@h:99999;;x',
      'sip:[2001:db8:::1]',
      'sip:2001:db8::10',
      'sip:ok@h;lr',
    ]) {
      const built: SyntaxIssue[] = [];
      const checked: SyntaxIssue[] = [];
      parseUriAt(text, 0, text.length, built, true);
      expect(parseUriAt(text, 0, text.length, checked, false)).toBeUndefined();
      expect(checked).toEqual(built);
    }
  });
});

describe('host and port', () => {
  it('allows whitespace around the colon only when told to (Via sent-by)', () => {
    expect(parseHostPort('host : 5060', 0, 11, undefined, true)).toEqual({
      host: 'host',
      hostRaw: 'host',
      port: 5060,
      next: 11,
    });
    expect(parseHostPort('host : 5060', 0, 11).port).toBeUndefined();
  });
});

describe('percentDecode', () => {
  it('leaves a "%" that is not an escape as written', () => {
    expect(percentDecode('%Z%45')).toBe('%ZE');
    expect(percentDecode('100%')).toBe('100%');
    expect(percentDecode('%4')).toBe('%4');
    expect(percentDecode('plain')).toBe('plain');
    expect(percentDecode('%FF')).toBe('\uFFFD');
  });
});

describe('IP addresses', () => {
  it('accepts RFC 4291 IPv6 forms and rejects the RFC 3261 ABNF bug', () => {
    for (const ok of [
      '::',
      '::1',
      '2001:db8::10',
      '2001:db8::192.0.2.1',
      '::ffff:192.0.2.10',
      '1:2:3:4:5:6:7:8',
      '1::8',
      'fe80::',
    ]) {
      expect(isIpv6Address(ok), ok).toBe(true);
    }
    for (const bad of [
      '2001:db8:::192.0.2.1',
      '1:2:3:4:5:6:7:8:9',
      ':1',
      '1:',
      '12345::',
      'g::1',
      '1::2::3',
      '::1.2.3',
      '',
      ':',
    ]) {
      expect(isIpv6Address(bad), bad).toBe(false);
    }
  });

  it('accepts dotted quads only', () => {
    expect(isIpv4Address('192.0.2.1')).toBe(true);
    expect(isIpv4Address('255.255.255.255')).toBe(true);
    for (const bad of [
      '256.0.0.1',
      '1.2.3',
      '1.2.3.4.5',
      '1..2.3',
      '1.2.3.',
      '01234.1.1.1',
      'a.b.c.d',
    ]) {
      expect(isIpv4Address(bad), bad).toBe(false);
    }
    expect(isIpAddress('[2001:db8::1]')).toBe(true);
    expect(isIpAddress('example.com')).toBe(false);
  });
});
