import { describe, expect, it } from 'vitest';
import { CHECK_EXPIRES, newParams, parseParams } from '../../../src/core/sip/params.js';
import type { SyntaxIssue } from '../../../src/core/sip/syntax-issue.js';

function parse(
  text: string,
  flags = 0,
): { params: Record<string, string | null>; stop: number; issues: string[] } {
  const params = newParams();
  const sink: SyntaxIssue[] = [];
  const stop = parseParams(text, 0, params, sink, text.length, flags);
  return { params, stop, issues: sink.map((i) => i.code) };
}

describe('parseParams', () => {
  it('reads flags and values, lower-casing names and keeping values as written', () => {
    const text = ';Branch=z9hG4bK-AbC;rport;Received=192.0.2.1;lr';
    const { params, stop, issues } = parse(text);
    expect(params).toEqual({ branch: 'z9hG4bK-AbC', rport: null, received: '192.0.2.1', lr: null });
    expect(stop).toBe(text.length);
    expect(issues).toEqual([]);
  });

  it('allows whitespace around ";" and "=" (after unfolding)', () => {
    expect(parse(' ;   tag    = 1918181833n').params).toEqual({ tag: '1918181833n' });
    expect(parse(' ; newparam = newvalue ;  secondparam ; q = 0.33').params).toEqual({
      newparam: 'newvalue',
      secondparam: null,
      q: '0.33',
    });
  });

  it('keeps quoted values with their quotes, commas and semicolons inside', () => {
    expect(parse(';+sip.instance="<urn:uuid:0a;b,c>";reg-id=1').params).toEqual({
      '+sip.instance': '"<urn:uuid:0a;b,c>"',
      'reg-id': '1',
    });
  });

  it('takes IPv6 addresses as values, bracketed or not', () => {
    expect(parse(';received=[2001:db8::9:255];maddr=2001:db8::1').params).toEqual({
      received: '[2001:db8::9:255]',
      maddr: '2001:db8::1',
    });
  });

  it('stops at the first character that is not part of the parameters', () => {
    const text = ';branch=a, SIP/2.0/UDP h';
    expect(parse(text).stop).toBe(text.indexOf(','));
  });

  it('keeps the first of duplicate names and handles names that exist on Object.prototype', () => {
    const { params } = parse(';tag=a;tag=b;constructor=x;__proto__=y;toString');
    expect(params.tag).toBe('a');
    expect(Object.hasOwn(params, 'constructor')).toBe(true);
    expect(params.constructor).toBe('x');
    expect(Object.hasOwn(params, '__proto__')).toBe(false);
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(params.tostring).toBeNull();
  });

  it('reports empty parameters, missing values and unterminated quotes', () => {
    expect(parse(';;lr').issues).toEqual(['empty-param']);
    expect(parse(';branch=').issues).toEqual(['empty-param-value']);
    expect(parse(';tag').issues).toEqual(['empty-param-value']);
    expect(parse(';x="open').issues).toEqual(['unterminated-quote']);
    expect(parse(';=x').issues).toEqual(['param-name']);
  });

  it('checks expires as delta-seconds when asked', () => {
    expect(parse(';expires=3600', CHECK_EXPIRES).issues).toEqual([]);
    expect(parse(';expires=280297596632815', CHECK_EXPIRES).issues).toEqual([
      'expires-out-of-range',
    ]);
    expect(parse(';expires=soon', CHECK_EXPIRES).issues).toEqual(['expires-malformed']);
    expect(parse(';expires', CHECK_EXPIRES).issues).toEqual(['expires-malformed']);
    expect(parse(';expires=280297596632815').issues).toEqual([]);
  });

  it('reports the same issues when it only checks (no output object)', () => {
    for (const text of [';;a=', ';x="open', ';branch=z9;rport;received=1.2.3.4', ';=bad']) {
      const built: SyntaxIssue[] = [];
      const checked: SyntaxIssue[] = [];
      const a = parseParams(text, 0, newParams(), built);
      const b = parseParams(text, 0, null, checked);
      expect(b).toBe(a);
      expect(checked).toEqual(built);
    }
  });
});
