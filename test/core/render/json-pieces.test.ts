/**
 * The JSON contract written in pieces (writeJson, render/json.ts) is the
 * same text, byte for byte, as JSON.stringify(value, null, 2) with a line
 * end, whatever the values hold; and a long top-level array really goes out
 * in several pieces, none of them the whole.
 */
import { describe, expect, it } from 'vitest';
import type { Card } from '../../../src/core/card.js';
import { renderJson, writeJson, writeJsonObject } from '../../../src/core/render/json.js';

function pieces(value: Record<string, unknown>): string[] {
  const out: string[] = [];
  writeJsonObject(value, (text) => out.push(text));
  return out;
}

const whole = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** A dialog as the diagnosis lists it, with what JSON.stringify drops or turns into null. */
function dialog(n: number) {
  return {
    callId: `c-${n}@192.0.2.1`,
    outcome: n % 3 === 0 ? 'failed' : 'succeeded',
    code: n % 3 === 0 ? 486 : null,
    messages: Array.from({ length: (n % 5) + 1 }, (_, i) => n * 10 + i),
    ...(n % 4 === 0 ? { forks: [`t${n}`, `u${n}`] } : {}),
    gone: undefined,
    note: n % 7 === 0 ? 'line one\nline "two"\t\u00e9\u2028' : undefined,
    nested: { deep: [[], {}, [1, [2, { three: 3 }]]], off: () => 0 },
    holes: [undefined, () => 1, Symbol('s'), Number.NaN, -0, Number.POSITIVE_INFINITY],
    when: new Date(Date.UTC(2026, 11, 4, 22, 0, n % 60)),
  };
}

describe('writeJsonObject', () => {
  it('writes what JSON.stringify writes, for long arrays at every slice boundary', () => {
    for (const count of [0, 1, 1_999, 2_000, 2_001, 4_000, 4_001, 9_999]) {
      const value = {
        verdict: { outcome: 'failed', code: 486 },
        dialogs: Array.from({ length: count }, (_, n) => dialog(n)),
        numbers: Array.from({ length: count }, (_, n) => n),
        empty: [],
        nothing: null,
        skipped: undefined,
        fn: () => 1,
        sym: Symbol('x'),
        text: 'a\nb',
      };
      expect(pieces(value).join(''), `${count} items`).toBe(whole(value));
    }
  });

  it('hands a long array out in slices, not in one piece', () => {
    const value = { dialogs: Array.from({ length: 10_000 }, (_, n) => dialog(n)) };
    const out = pieces(value);
    const total = out.join('').length;
    expect(out.length).toBeGreaterThan(5);
    expect(Math.max(...out.map((p) => p.length))).toBeLessThan(total / 4);
  });

  it('writes an empty object and an array with its own toJSON as JSON.stringify does', () => {
    expect(pieces({}).join('')).toBe(whole({}));
    const own = Object.assign(
      Array.from({ length: 5_000 }, (_, n) => n),
      { toJSON: () => 'replaced' },
    );
    expect(pieces({ own }).join('')).toBe(whole({ own }));
    const hidden = { toJSON: () => undefined };
    const value = { before: 1, hidden, after: [2] };
    expect(pieces(value).join('')).toBe(whole(value));
  });
});

describe('writeJson', () => {
  it('writes what renderJson returns', () => {
    const card = {
      kind: 'diagnosis',
      title: 'INVITE failed: *486* Busy Here',
      data: { dialogs: Array.from({ length: 4_500 }, (_, n) => dialog(n)), headline: 'x' },
    } as unknown as Card;
    const out: string[] = [];
    writeJson(card, (text) => out.push(text));
    expect(out.join('')).toBe(renderJson(card));
  });
});
