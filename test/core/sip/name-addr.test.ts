import { describe, expect, it } from 'vitest';
import {
  nameAddrFields,
  parseNameAddr,
  parseNameAddrAt,
  parseNameAddrList,
  parseNameAddrListAt,
} from '../../../src/core/sip/name-addr.js';
import type { SyntaxIssue } from '../../../src/core/sip/syntax-issue.js';

function withIssues(text: string) {
  const sink: SyntaxIssue[] = [];
  const value = parseNameAddr(text, sink);
  return { value, issues: sink.map((i) => i.code) };
}

describe('parseNameAddr', () => {
  it('reads a quoted display name with escapes, the URI and the tag', () => {
    const { value, issues } = withIssues(
      '"J Rosenberg \\\\\\""       <sip:jdrosen@example.com>  ;   tag = 98asjd8',
    );
    expect(issues).toEqual([]);
    expect(value).toMatchObject({
      displayName: 'J Rosenberg \\"',
      uriText: 'sip:jdrosen@example.com',
      tag: '98asjd8',
      params: { tag: '98asjd8' },
    });
    expect(value?.uri?.user).toBe('jdrosen');
  });

  it('reads unquoted display names, with or without a space before "<"', () => {
    expect(parseNameAddr('caller<sip:caller@example.com>;tag=323')).toMatchObject({
      displayName: 'caller',
      tag: '323',
    });
    expect(parseNameAddr('A. Bell <sip:a.g.bell@example.com>')?.displayName).toBe('A. Bell');
  });

  it('gives parameters after a bare URI to the header, inside brackets to the URI', () => {
    const bare = parseNameAddr('sip:+19725552222@gw1.example.net;unknownparam');
    expect(bare?.params).toEqual({ unknownparam: null });
    expect(bare?.uri?.params).toEqual({});
    const bracketed = parseNameAddr('<sip:+19725552222@gw1.example.net;unknownparam>');
    expect(bracketed?.params).toEqual({});
    expect(bracketed?.uri?.params).toEqual({ unknownparam: null });
  });

  it('keeps the raw text and any scheme', () => {
    expect(parseNameAddr('  isbn:2983792873 ')).toMatchObject({
      raw: 'isbn:2983792873',
      uri: { scheme: 'isbn' },
    });
    expect(parseNameAddr('<http://www.example.com>;tag=3')?.uri?.scheme).toBe('http');
  });

  it('infers the closing quote of an unterminated display name from the "<"', () => {
    const { value, issues } = withIssues('"Mr. J. User <sip:j.user@example.com>');
    expect(issues).toEqual(['unterminated-quote']);
    expect(value?.uri?.user).toBe('j.user');
    expect(withIssues('"never closed').value).toBeUndefined();
  });

  it('reports display names that need quotes, whitespace in brackets and URI headers without brackets', () => {
    const dn = withIssues('Bell, Alexander <sip:a.g.bell@example.com>;tag=43');
    expect(dn.issues).toEqual(['display-name']);
    expect(dn.value?.displayName).toBe('Bell, Alexander');
    const ws = withIssues('"Watson, Thomas" < sip:t.watson@example.org >');
    expect(ws.issues).toEqual(['uri-whitespace']);
    expect(ws.value?.uri?.host).toBe('example.org');
    const hdr = withIssues('sip:user@example.com?Route=%3Csip:sip.example.com%3E');
    expect(hdr.issues).toEqual(['uri-headers-without-brackets']);
    expect(hdr.value?.uri?.headers.Route).toBe('<sip:sip.example.com>');
  });

  it('reports other defects', () => {
    expect(withIssues('').issues).toEqual(['empty']);
    expect(withIssues('<sip:a@b').issues).toEqual(['unterminated-angle']);
    expect(withIssues('<>').issues).toEqual(['empty-uri']);
    expect(withIssues('"Joe" <sip:joe@example.org>;;;;').issues).toEqual([
      'empty-param',
      'empty-param',
      'empty-param',
      'empty-param',
    ]);
    expect(withIssues('<sip:a@b> junk').issues).toEqual(['trailing-text']);
    expect(withIssues('<sip:a@b>;tag').issues).toEqual(['empty-param-value']);
    expect(withIssues('"x" sip:a@b').issues).toEqual(['malformed']);
  });

  it('reads in place without looking past the end, and checks without building', () => {
    const text = 'From: "A" <sip:a@x>;tag=1\r\nTo: <sip:b@y>\r\n';
    const start = text.indexOf('"A"');
    const end = text.indexOf('\r\n');
    expect(parseNameAddrAt(text, start, end)?.tag).toBe('1');
    const sink: SyntaxIssue[] = [];
    expect(parseNameAddrAt(text, start, end, sink, false)).toBeUndefined();
    expect(sink).toEqual([]);
    const built: SyntaxIssue[] = [];
    const checked: SyntaxIssue[] = [];
    const bad = 'Bell, A <sip:a%zz@[::1:::]:99999;;x>;;tag';
    parseNameAddrAt(bad, 0, bad.length, built, true);
    parseNameAddrAt(bad, 0, bad.length, checked, false);
    expect(checked).toEqual(built);
    expect(built.length).toBeGreaterThan(3);
  });
});

describe('parseNameAddrList', () => {
  it('splits at top-level commas only', () => {
    const list = parseNameAddrList(
      '"Watson, Thomas" <sip:t@x;a=1,2>, sip:b@y;expires=60 ,<sip:c@z>',
    );
    expect(list.map((n) => n.uri?.user)).toEqual(['t', 'b', 'c']);
    expect(list[1]?.params.expires).toBe('60');
  });

  it('reports empty elements and keeps the others', () => {
    const sink: SyntaxIssue[] = [];
    const out: ReturnType<typeof parseNameAddrList> = [];
    parseNameAddrListAt('<sip:a@b>,,<sip:c@d>,', 0, 21, sink, out);
    expect(out).toHaveLength(2);
    expect(sink.map((i) => i.code)).toEqual(['empty-element', 'empty-element']);
  });
});

describe('a name-addr whose URI is left to first read (From, To)', () => {
  // Clean and broken values, as From and To carry them: every branch of the URI reader.
  const values = [
    '"Alice" <sip:alice@atlanta.example.com;transport=tcp>;tag=1928301774',
    'sip:+12125551212@gw.example.net;user=phone;tag=887s',
    '<sips:bob%20smith:secret@[2001:db8::10]:5061;maddr=192.0.2.4?subject=hi&x=%41>',
    '<tel:+1-212-555-0101;phone-context=example.com>;tag=t1',
    'Anonymous <sip:anonymous@anonymous.invalid>;tag=hyh8',
    '<urn:service:sos>',
    '<sip:al ice@exa mple.com;lr;;x=>;tag=2',
    '<sip:a%zz@[::1:::]:99999>;tag=3',
    '<sip:@example.com>;tag=4',
    '<mailto>;tag=5',
    '<>;tag=6',
    '"unterminated <sip:carol@example.com>;tag=7',
    'Bell, A <sip:a.bell@example.com>',
  ];

  it.each(values)('gives what the eager parse gives, and its issues when checked: %s', (text) => {
    const eagerIssues: SyntaxIssue[] = [];
    const eager = parseNameAddrAt(text, 0, text.length, eagerIssues);
    const lazyIssues: SyntaxIssue[] = [];
    const lazy = parseNameAddrAt(text, 0, text.length, lazyIssues, true, 0, undefined, true);
    expect(lazy).toBeDefined();
    expect(eager).toBeDefined();
    if (lazy === undefined || eager === undefined) return;
    // Read first: reading the URI neither reports nor skips its issues.
    expect(nameAddrFields(lazy)).toEqual(nameAddrFields(eager));
    expect(lazy.uri).toBe(lazy.uri);
    // Nothing of the URI is reported while the value is read: its issues wait for uriIssues.
    const uriIssues = lazy.uriIssues(undefined);
    const key = (i: SyntaxIssue): string => `${i.code}|${i.message}|${i.severity ?? ''}`;
    expect([...lazyIssues, ...uriIssues].map(key).sort()).toEqual(eagerIssues.map(key).sort());
    // The eager value's URI was checked as it was read: nothing more to report.
    expect(eager.uriIssues(undefined)).toEqual([]);
  });

  it('reports some URI issues among those values, so the comparison above can fail', () => {
    const broken = values.filter((text) => {
      const value = parseNameAddrAt(text, 0, text.length, [], true, 0, undefined, true);
      return (value?.uriIssues(undefined).length ?? 0) > 0;
    });
    expect(broken).toEqual([
      '<sip:al ice@exa mple.com;lr;;x=>;tag=2',
      '<sip:a%zz@[::1:::]:99999>;tag=3',
      '<sip:@example.com>;tag=4',
      '<mailto>;tag=5',
    ]);
  });
});
