/** Autocomplete choices (`suggest`) and the `suggest` command an adapter reaches through `handle`. */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/core/app/handle.js';
import type { AppRequest, Origin } from '../../../src/core/app/request.js';
import { explain } from '../../../src/core/explain/explain.js';
import { type Suggestion, suggest } from '../../../src/core/explain/suggest.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const kb = realKnowledge();
const values = (partial: string, limit?: number): string[] =>
  suggest(partial, kb, limit).map((s) => s.value);
const named = (partial: string, value: string): Suggestion | undefined =>
  suggest(partial, kb).find((s) => s.value === value);

/** Inputs of every kind, for the properties every answer must have. */
const INPUTS = [
  '',
  '4',
  '40',
  '403',
  '409',
  '17',
  '1',
  '6',
  '4x',
  '4xx',
  '6XX',
  'q',
  'q850',
  'q850 3',
  'Q.850 34',
  'cause 4',
  'warn',
  'warning 39',
  'USER_B',
  'user_b',
  'AST_CAUSE_',
  'US',
  'BUSY',
  'busy',
  'forbiden',
  'serv',
  'service un',
  'timeout',
  'user busy',
  'bad req',
  '/sip 48',
  'x',
  '0',
  '1234',
  'Message not compatible with call state or message type non-existent or not implemented',
];

describe('suggest', () => {
  it('offers the most asked codes, then the classes, before anything is typed', () => {
    const choices = values('');
    expect(choices.slice(0, 10)).toEqual([
      '403',
      '404',
      '408',
      '480',
      '486',
      '487',
      '488',
      '500',
      '503',
      '603',
    ]);
    expect(choices.slice(10, 16)).toEqual(['1xx', '2xx', '3xx', '4xx', '5xx', '6xx']);
    expect(suggest('', kb)[0]).toEqual({ value: '403', name: '403 Forbidden' });
  });

  it('completes digits to the codes they start, in order, then the Q.850 cause', () => {
    const choices = suggest('40', kb);
    const codes = choices.filter((s) => /^\d{3}$/.test(s.value)).map((s) => Number(s.value));
    const expected = kb
      .allCodes()
      .map((e) => e.code)
      .filter((c) => c >= 400 && c <= 409)
      .sort((a, b) => a - b);
    expect(expected).toEqual(expect.arrayContaining([400, 401, 403, 404, 408]));
    expect(codes).toEqual(expected);
    expect(choices.slice(0, codes.length).map((s) => Number(s.value))).toEqual(expected);
    expect(choices).toContainEqual({ value: '403', name: '403 Forbidden' });
    expect(choices.map((s) => s.value)).toContain('q850 40');
  });

  it('puts the exact code first', () => {
    expect(values('403')[0]).toBe('403');
    expect(values('486')[0]).toBe('486');
    expect(named('486', '486')?.name).toBe('486 Busy Here');
  });

  it('offers an unregistered code as its class, as explain answers it', () => {
    expect(values('409')).toEqual(['409', '4xx']);
    expect(explain('409', kb).kind).toBe('class');
  });

  it('completes a number to Q.850 causes when no code starts with it', () => {
    expect(values('17')[0]).toBe('q850 17');
    expect(named('17', 'q850 17')?.name).toBe('Q.850 17 User busy');
  });

  it.each(['4x', '4xx', '4XX'])('answers %s with the class and then its codes', (partial) => {
    const choices = suggest(partial, kb);
    expect(choices[0]).toEqual({ value: '4xx', name: '4xx Request failure' });
    const codes = choices.slice(1).map((s) => Number(s.value));
    expect(codes.length).toBe(24);
    expect(codes.every((c) => c >= 400 && c <= 499)).toBe(true);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
    expect(codes.slice(0, 4)).toEqual([400, 401, 402, 403]);
  });

  it('completes Q.850 causes by number prefix, in order', () => {
    expect(values('q850 3')).toEqual([
      'q850 3',
      'q850 30',
      'q850 31',
      'q850 34',
      'q850 38',
      'q850 39',
    ]);
    expect(named('q850 3', 'q850 34')?.name).toBe('Q.850 34 No circuit/channel available');
    expect(values('Q.850 34')).toEqual(['q850 34']);
    expect(values('cause 4')[0]).toBe('q850 4');
    expect(values('q850')).toHaveLength(25);
    expect(values('q850')[0]).toBe('q850 1');
  });

  it('completes warn-codes', () => {
    expect(suggest('warning 39', kb)).toEqual([
      { value: 'warning 399', name: 'Warning 399 Miscellaneous warning' },
    ]);
    expect(values('warn')[0]).toBe('warning 300');
  });

  it('completes vendor cause names by prefix, labelled as explain resolves them', () => {
    for (const partial of ['USER_B', 'user_b', 'USER_BUSY']) {
      const choices = suggest(partial, kb);
      expect(choices[0]).toEqual({
        value: 'USER_BUSY',
        name: 'USER_BUSY (FreeSWITCH and Asterisk) → Q.850 17 User busy',
      });
    }
    expect(values('USER_B')).toContain('AST_CAUSE_USER_BUSY');
    expect(values('AST_CAUSE_').every((v) => v.startsWith('AST_CAUSE_'))).toBe(true);
    // FreeSWITCH's own causes, and names with a word that starts so.
    expect(values('BUSY').slice(0, 3)).toEqual([
      'BUSY_EVERYWHERE',
      'USER_BUSY',
      'AST_CAUSE_USER_BUSY',
    ]);
    expect(named('BUSY', 'BUSY_EVERYWHERE')?.name).toBe(
      'BUSY_EVERYWHERE (FreeSWITCH 815) → SIP 600',
    );
  });

  it('searches words with the ranked search: busy', () => {
    const choices = values('busy');
    expect(choices.slice(0, 2)).toEqual(['486', '600']);
    expect(choices).toContain('q850 17');
  });

  it('tolerates typos: forbiden', () => {
    expect(values('forbiden')[0]).toBe('403');
  });

  it('finds a title that is still being typed', () => {
    expect(values('user b')).toEqual(expect.arrayContaining(['q850 17', 'USER_BUSY']));
    expect(values('service un')).toContain('503');
    // A long title typed out in full comes first, though the search sees only its first words.
    expect(
      values(
        'Message not compatible with call state or message type non-existent or not implemented',
      )[0],
    ).toBe('q850 98');
  });

  it('has nothing for digits nothing starts with', () => {
    expect(values('0')).toEqual([]);
    expect(values('1234')).toEqual([]);
  });

  it.each(INPUTS)('keeps to the platform limits for %j', (partial) => {
    const choices = suggest(partial, kb);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(new Set(choices.map((s) => s.value)).size).toBe(choices.length);
    for (const { name, value } of choices) {
      expect(name.length).toBeGreaterThan(0);
      expect(name.length).toBeLessThanOrEqual(100);
      expect(value.length).toBeGreaterThan(0);
      expect(value.length).toBeLessThanOrEqual(100);
      expect(name.trim()).toBe(name);
    }
  });

  it.each(INPUTS)('offers for %j only values that explain answers exactly', (partial) => {
    for (const { value } of suggest(partial, kb)) {
      const kind = explain(value, kb).kind;
      expect(kind, value).not.toBe('not-found');
      expect(kind, value).not.toBe('search-results');
    }
  });

  it('cuts long titles to 100 characters with an ellipsis', () => {
    const long = suggest('AST_CAUSE_', kb, 25)
      .concat(suggest('q850', kb))
      .filter((s) => s.name.endsWith('…'));
    expect(long.length).toBeGreaterThan(0);
    for (const s of long) expect(s.name.length).toBeLessThanOrEqual(100);
    expect(named('AST_CAUSE_CALL', 'AST_CAUSE_CALL_AWARDED_DELIVERED')?.name).toMatch(
      /^AST_CAUSE_CALL_AWARDED_DELIVERED \(Asterisk\) → Q\.850 7 Call awarded .{20,}…$/,
    );
  });

  it('respects a smaller limit and never more than 25', () => {
    expect(values('4', 3)).toEqual(['400', '401', '402']);
    expect(values('4', 0)).toEqual([]);
    expect(values('4', 1000)).toHaveLength(25);
    expect(values('4', Number.NaN)).toHaveLength(25);
  });

  it('never throws on hostile input', () => {
    const hostile = [
      'a'.repeat(10_000),
      '4'.repeat(10_000),
      'busy '.repeat(2_000),
      '\u0000\u0000403\u0000',
      '\u0000'.repeat(500),
      '@everyone <@123>',
      '<@&456> @here',
      '**403**`\\',
      '\ud800\udfff\ud83d',
      '((((((((((a+)+)+)+)+)+)+)+)+)+$',
      'q850 '.repeat(100),
      'USER_'.repeat(100),
    ];
    for (const partial of hostile) {
      const choices = suggest(partial, kb);
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const { name, value } of choices) {
        expect(name.length).toBeLessThanOrEqual(100);
        expect(value.length).toBeLessThanOrEqual(100);
        expect(value).not.toContain('@');
        expect(value).not.toContain('\u0000');
      }
    }
    expect(values('\u0000\u0000403\u0000')[0]).toBe('403');
    expect(() => suggest(undefined as unknown as string, kb)).not.toThrow();
    expect(() => suggest(42 as unknown as string, kb)).not.toThrow();
  });
});

describe('the suggest command', () => {
  const origin: Origin = { platform: 'discord', user: { id: 'u' }, conversation: 'c' };
  const app = () => {
    const errors: unknown[] = [];
    return { errors, app: createApp({ kb, onError: (e) => errors.push(e) }) };
  };

  it('answers by name with the choices, only to the asker', async () => {
    const { app: a, errors } = app();
    const request: AppRequest = { type: 'command', command: 'suggest', text: '48', origin };
    const reply = await a.handle(request);
    expect(errors).toEqual([]);
    expect(reply.messages).toHaveLength(1);
    const [message] = reply.messages;
    expect(message?.placement).toEqual({ kind: 'reply' });
    expect(message?.visibility).toBe('ephemeral');
    expect(message?.card.kind).toBe('search-results');
    expect(message?.card.title).toBe('Suggestions');
    const choices = suggest('48', kb);
    expect(choices.map((s) => s.value).slice(0, 3)).toEqual(['480', '481', '482']);
    expect(message?.card.data).toEqual({ kind: 'suggestions', choices });
    expect(message?.card.summary).toContain(String(choices.length));
  });

  it('answers an empty query with the common codes', async () => {
    const reply = await app().app.handle({ type: 'command', command: 'suggest', text: '', origin });
    const choices = reply.messages[0]?.card.data.choices as Suggestion[] | undefined;
    expect(choices?.[0]?.value).toBe('403');
  });

  it('is never chosen for typed text: `/sip suggest 403` still goes to explain', async () => {
    const { app: a, errors } = app();
    for (const text of ['suggest 403', '/sip suggest 403', 'suggest']) {
      const reply = await a.handle({ type: 'command', text, origin });
      expect(errors).toEqual([]);
      expect(reply.messages[0]?.card.data.kind).not.toBe('suggestions');
      expect(reply.messages[0]?.card).toEqual(explain(text.replace(/^\/sip /, ''), kb));
    }
    const pasted = await a.handle({ type: 'message', text: 'suggest 403', origin });
    expect(pasted.messages).toEqual([]);
  });
});
