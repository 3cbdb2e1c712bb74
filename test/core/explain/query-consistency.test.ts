/**
 * Issue 12, item 15 (explain): numbers that are no SIP code are said to be
 * so whatever their length, a code with a typo finds the code first, and a
 * pasted Reason or Warning header decodes as a pasted status line does.
 */
import { describe, expect, it } from 'vitest';
import { explain } from '../../../src/core/explain/explain.js';
import { parseQuery } from '../../../src/core/explain/parse-query.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const kb = realKnowledge();
const ask = (query: string) => explain(query, kb);

describe('numbers outside 100-699', () => {
  it.each(['999', '1000', '4030', 'SIP/2.0 1000 Odd', '12345678901'])(
    '"%s" is out of range, not a fuzzy search',
    (query) => {
      expect(parseQuery(query).type).toBe('out-of-range');
      const card = ask(query);
      expect(card.kind).toBe('not-found');
      expect(card.summary).toMatch(/outside the SIP status code range/);
      expect(card.data.matches ?? []).toEqual([]);
    },
  );
});

describe('a code with a typo', () => {
  it('ranks the code itself first: "404x" finds 404 before Q.850 cause 1', () => {
    const card = ask('404x');
    const ids = ((card.data.matches as { id: string }[] | undefined) ?? []).map((m) => m.id);
    expect(ids[0]).toBe('code:404');
  });
});

describe('pasted headers', () => {
  it.each([
    ['Reason: Q.850;cause=34;text="No circuit/channel available"', { type: 'q850', cause: 34 }],
    ['reason: Q850 ; cause=16', { type: 'q850', cause: 16 }],
    ['Reason: Q.850;text="x";cause=17', { type: 'q850', cause: 17 }],
    ['Reason: SIP;cause=480;text="Temporarily Unavailable"', { type: 'code', code: 480 }],
    ['Reason: SIP;cause=999', { type: 'out-of-range', code: 999 }],
    ['Warning: 399 pbx.example.com "Incompatible media format"', { type: 'warning', code: 399 }],
    [
      'Warning: 301 10.0.0.1 "Incompatible network address formats"',
      { type: 'warning', code: 301 },
    ],
  ])('"%s" decodes', (query, expected) => {
    expect(parseQuery(query)).toEqual(expected);
  });

  it('answers them with the same card as the short form', () => {
    expect(ask('Reason: Q.850;cause=34;text="x"').data).toEqual(ask('q850 34').data);
    expect(ask('Warning: 399 host "text"').data).toEqual(ask('warning 399').data);
    expect(ask('Reason: SIP;cause=480').data).toEqual(ask('480').data);
  });
});
