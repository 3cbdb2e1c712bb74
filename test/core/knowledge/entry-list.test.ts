/**
 * The two ways the knowledge base holds its code and finding entries
 * (src/core/knowledge/entry-list.ts) answer alike: entries made already,
 * and entries kept as JSON texts until first asked for, each made once.
 */
import { describe, expect, it } from 'vitest';
import {
  EntryMap,
  type EntrySource,
  type EntrySpan,
  EntryTexts,
} from '../../../src/core/knowledge/entry-list.js';

interface Entry {
  id: string;
  text: string;
}

const entries: Entry[] = [
  { id: 'auth.challenge', text: 'a 401 or 407 asked for credentials' },
  { id: 'media.refused', text: 'the offer was refused: 488 «Not Acceptable Here»' },
  { id: 'auth.challenge', text: 'the same id again, written later' },
  { id: 'timer.b', text: 'no final response within 32 s' },
];

/** Entry texts inside `text`, the first starting at `base`. */
function textSource(text: string, base: number): EntrySource {
  return { text: (start, length) => text.slice(base + start, base + start + length) };
}

/** The entries as the snapshot writes them: a header of its own, then their texts after it. */
function asTexts(list: readonly Entry[]): EntryTexts<string, Entry> {
  const header = '{"some":"header"}\n';
  let body = '';
  const spans: EntrySpan<string>[] = list.map((entry) => {
    const text = JSON.stringify(entry);
    body += text;
    return [entry.id, body.length - text.length, text.length];
  });
  return new EntryTexts<string, Entry>(textSource(header + body, header.length), spans);
}

describe('entries by key', () => {
  it('answers the same made already as kept as texts: by key, all in order, a key twice as a Map', () => {
    const made = new EntryMap(entries, (e) => e.id);
    const texts = asTexts(entries);
    for (const list of [made, texts]) {
      expect(list.get('timer.b')?.text).toBe('no final response within 32 s');
      expect(list.get('media.refused')?.text).toMatch(/«Not Acceptable Here»$/);
      // A key given twice keeps its first place and its last entry, as a Map made from them.
      expect(list.get('auth.challenge')?.text).toBe('the same id again, written later');
      expect(list.all().map((e) => e.id)).toEqual(['auth.challenge', 'media.refused', 'timer.b']);
      expect(list.get('no.such')).toBeUndefined();
    }
    expect(texts.all()).toEqual(made.all());
  });

  it('makes a text entry once, when first asked for, and hands back that object', () => {
    const texts = asTexts(entries);
    const parse = JSON.parse;
    let parsed = 0;
    JSON.parse = ((text: string, reviver?: Parameters<typeof parse>[1]) => {
      parsed++;
      return parse(text, reviver);
    }) as typeof JSON.parse;
    try {
      const first = texts.get('timer.b');
      expect(parsed).toBe(1);
      expect(texts.get('timer.b')).toBe(first);
      expect(parsed).toBe(1);
      expect(texts.all()).toContain(first);
      // The two entries not asked for yet (the first `auth.challenge` is never made).
      expect(parsed).toBe(3);
    } finally {
      JSON.parse = parse;
    }
  });
});
