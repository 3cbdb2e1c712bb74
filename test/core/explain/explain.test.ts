import { describe, expect, it } from 'vitest';
import { explain } from '../../../src/core/explain/explain.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const kb = realKnowledge();
const ask = (query: string) => explain(query, kb);
type Match = { id: string };
const matchIds = (data: Record<string, unknown>): string[] =>
  ((data.matches as Match[] | undefined) ?? []).map((m) => m.id);

describe('explain', () => {
  it.each(['403', '/sip 403', 'sip 403', 'SIP/2.0 403 Forbidden', '403 Insert Coin', '  403  '])(
    'answers "%s" with the 403 card',
    (query) => {
      const card = ask(query);
      expect(card.kind).toBe('response-code');
      expect(card.data).toMatchObject({
        kind: 'response-code',
        code: 403,
        phrase: 'Forbidden',
        class: '4xx',
      });
    },
  );

  it('fills the whole JSON contract for a code', () => {
    const data = ask('503').data;
    for (const key of [
      'kind',
      'code',
      'phrase',
      'class',
      'summary',
      'why',
      'steps',
      'headers',
      'causes',
      'checklist',
      'related',
      'references',
      'mappings',
    ]) {
      expect(data, key).toHaveProperty(key);
    }
    expect(data.mappings).toMatchObject({
      q850: { cause: 41 },
      freeswitch: { cause: 'NORMAL_TEMPORARY_FAILURE' },
      asterisk: { cause: 34 },
    });
    expect((data.references as { url: string }[])[0]?.url).toBe(
      'https://www.rfc-editor.org/rfc/rfc3261#section-21.5.4',
    );
  });

  it.each([
    ['4xx', '4xx'],
    ['6XX', '6xx'],
  ])('answers the class query %s', (query, cls) => {
    const card = ask(query);
    expect(card.kind).toBe('class');
    expect(card.data).toMatchObject({ class: cls, code: null });
  });

  it('answers an unregistered code with its class, saying so', () => {
    const card = ask('499');
    expect(card.kind).toBe('class');
    expect(card.data).toMatchObject({ code: 499, class: '4xx', fallbackCode: 400 });
    expect(card.title).toContain('unregistered');
    expect(card.sections[0]?.id).toBe('fallback');
    expect(ask('599').data).toMatchObject({ fallbackCode: 500 });
  });

  it('refuses numbers outside the status code range', () => {
    const card = ask('700');
    expect(card.kind).toBe('not-found');
    expect(card.summary).toContain('100 to 699');
  });

  it.each([
    ['forbidden', 'code:403'],
    ['Forbiden', 'code:403'],
    ['busy', 'code:486'],
    ['bussy', 'code:486'],
    ['too many hops', 'code:483'],
    ['too many hop', 'code:483'],
    ['loop detected', 'code:482'],
    ['request terminated', 'code:487'],
    ['not acceptable here', 'code:488'],
    ['service unavailable', 'code:503'],
    ['interval too brief', 'code:423'],
    ['unsupported media type', 'code:415'],
  ])('ranks "%s" with %s first', (query, id) => {
    const card = ask(query);
    const top = card.kind === 'search-results' ? matchIds(card.data)[0] : matchIds(card.data)[0];
    expect(top).toBe(id);
    expect(['response-code', 'search-results']).toContain(card.kind);
  });

  it('answers an exact reason phrase with the entry itself and lists the runners-up', () => {
    const card = ask('too many hops');
    expect(card.kind).toBe('response-code');
    expect(card.data).toMatchObject({ code: 483 });
    expect(card.sections.at(-1)?.id).toBe('also-matched');
  });

  it.each(['q850 34', 'cause 34', 'Q.850 34', 'q850:34', 'isup 34'])(
    'answers "%s" with Q.850 cause 34',
    (query) => {
      const card = ask(query);
      expect(card.kind).toBe('q850');
      expect(card.data).toMatchObject({
        code: 34,
        phrase: 'No circuit/channel available',
        related: [503],
      });
      expect(card.data.mappings).toMatchObject({
        freeswitch: { name: 'NORMAL_CIRCUIT_CONGESTION', sip: 503 },
      });
    },
  );

  it.each([
    ['NORMAL_CIRCUIT_CONGESTION', 34],
    ['USER_BUSY', 17],
    ['user_busy', 17],
    ['AST_CAUSE_USER_BUSY', 17],
    ['AST_CAUSE_NO_ANSWER', 19],
    ['RECOVERY_ON_TIMER_EXPIRE', 102],
  ])('resolves the vendor cause name %s to Q.850 %i', (query, cause) => {
    const card = ask(query);
    expect(card.kind).toBe('q850');
    expect(card.data).toMatchObject({ code: cause, matchedName: query.toUpperCase() });
  });

  it("explains FreeSWITCH's own causes with the SIP response they become", () => {
    const card = ask('ORIGINATOR_CANCEL');
    expect(card.kind).toBe('vendor-cause');
    expect(card.data).toMatchObject({ code: 487, related: [487] });
  });

  it.each(['warning 399', 'warn 399', 'Warning: 399'])(
    'answers "%s" with warn-code 399',
    (query) => {
      const card = ask(query);
      expect(card.kind).toBe('warning');
      expect(card.data).toMatchObject({ code: 399, phrase: 'Miscellaneous warning' });
    },
  );

  it('says when a warn-code or cause value does not exist', () => {
    expect(ask('warning 392')).toMatchObject({ kind: 'not-found' });
    expect(ask('q850 200').summary).toContain('no cause 200');
  });

  it('answers nonsense with a friendly not-found card and suggestions', () => {
    const card = ask('xyzzy plugh');
    expect(card.kind).toBe('not-found');
    expect(card.title).toContain('xyzzy plugh');
    expect(card.sections[0]?.blocks[0]).toMatchObject({ type: 'list' });
    expect(card.data).toMatchObject({
      kind: 'not-found',
      examples: expect.arrayContaining(['403']),
    });
  });

  it('answers an empty query with usage tips', () => {
    expect(ask('   ')).toMatchObject({ kind: 'not-found', title: 'What should I explain?' });
    expect(ask('/sip')).toMatchObject({ kind: 'not-found' });
  });

  it('keeps user text literal in the card (marks escaped)', () => {
    const card = ask('**bold** `tick` <!channel>');
    expect(card.title).toContain('\\*\\*bold\\*\\*');
    expect(card.title).toContain('\\`tick\\`');
  });

  it('does not throw on hostile or huge input', () => {
    const inputs = [
      '\u0000\u0001\u001b[31m',
      'a'.repeat(100_000),
      '%s%n',
      '\uFFFF\uD800',
      '9'.repeat(50),
      'q850 99999',
      '*'.repeat(500),
    ];
    for (const input of inputs) expect(() => ask(input)).not.toThrow();
  });
});
