/**
 * The strings an input's messages keep, kept once per input although its
 * calls interleave (KeptStrings): counted in a heap snapshot taken after an
 * interleaved capture of 2,000 messages is read, a call's Call-ID and tags
 * are there once however many of its messages hold them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { getHeapSnapshot } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { writeCorpusFile } from '../../../bench/sip/write-corpus.js';
import { openInputFile } from '../../../src/cli/input-file.js';
import { parseInput } from '../../../src/core/ingest/parse-input.js';
import type { InputMessage } from '../../../src/core/sip/input-message.js';
import { KeptStrings } from '../../../src/core/sip/kept-strings.js';

const dir = mkdtempSync(join(tmpdir(), 'sip-triage-kept-strings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** How many string objects in the heap now hold each of `texts`. */
async function copiesInHeap(texts: readonly string[]): Promise<number[]> {
  let json = '';
  for await (const chunk of getHeapSnapshot()) json += String(chunk);
  const heap = JSON.parse(json) as Snapshot;
  const fields = heap.snapshot.meta.node_fields.length;
  const types = heap.snapshot.meta.node_types[0];
  const counts = texts.map(() => 0);
  for (let i = 0; i < heap.nodes.length; i += fields) {
    const type = types[heap.nodes[i] as number];
    if (type !== 'string' && type !== 'sliced string' && type !== 'concatenated string') continue;
    const at = texts.indexOf(heap.strings[heap.nodes[i + 1] as number] as string);
    if (at >= 0) counts[at] = (counts[at] ?? 0) + 1;
  }
  return counts;
}

describe('the strings of an interleaved capture', () => {
  it('are kept once per input, however many messages of interleaved calls hold them', {
    timeout: 60_000,
  }, async () => {
    const capture = join(dir, 'interleaved.pcap');
    writeCorpusFile(capture, 2_000, 'interleaved');
    const file = await openInputFile(capture, Readable.from([]));
    const { messages } = await parseInput(file.open(), {}, { file: file.file });

    // A call in the middle of the capture with several messages, others' messages between them.
    const byCall = new Map<string, number[]>();
    messages.forEach((m, i) => {
      if (m.callId !== undefined) byCall.set(m.callId, [...(byCall.get(m.callId) ?? []), i]);
    });
    const [callId, indexes] = [...byCall].find(
      ([, list]) =>
        list.length >= 5 && (list[0] ?? 0) > 500 && (list.at(-1) ?? 0) - (list[0] ?? 0) > 50,
    ) as [string, number[]];
    const first = messages.at(indexes[0] as number) as InputMessage;
    const fromTag = first.fromTag as string;
    expect(indexes.every((i) => messages.at(i)?.fromTag === fromTag)).toBe(true);

    const [callIds, fromTags] = await copiesInHeap([callId, fromTag]);
    expect(callIds).toBe(1);
    expect(fromTags).toBe(1);
    // Still referenced here, so the snapshot above had to hold them.
    expect(messages.length).toBe(2_000);
  });
});

describe('KeptStrings', () => {
  it('gives a call its kept Call-ID and the strings it kept, and lets a long call forget its oldest', () => {
    const kept = new KeptStrings();
    const call = kept.call('a84b4c76e66710', false) as string[];
    expect(call[0]).toBe('a84b4c76e66710');
    expect(kept.call('a84b4c76e66710', false)).toBe(call);
    expect(kept.keep('1928301774', call, false)).toBe('1928301774');
    expect(call).toEqual(['a84b4c76e66710', '1928301774']);
    expect(kept.keep('1928301774', call, false)).toBe('1928301774');
    expect(call).toHaveLength(2);
    for (let i = 0; i < 40; i++) kept.keep(`z9hG4bK-branch-${i}`, call, true);
    expect(call).toHaveLength(24);
    expect(call[0]).toBe('a84b4c76e66710');
    expect(call.at(-1)).toBe('z9hG4bK-branch-39');
    expect(call).not.toContain('1928301774');
    // An empty value (`tag=`) is not kept in the call's list.
    expect(kept.keep('', call, false)).toBe('');
    expect(call).toHaveLength(24);
    expect(call).not.toContain('');
    expect(kept.call(undefined, false)).toBeUndefined();
    expect(kept.keep('no-call-value-here', undefined, true)).toBe('no-call-value-here');
  });

  it('looks up the calls seen lately and lets calls not seen for thousands of others go', () => {
    const kept = new KeptStrings();
    const first = kept.call('first-call@192.0.2.1', false) as string[];
    kept.keep('tag-1', first, false);
    // Seen again among a few thousand others: the same list.
    for (let i = 0; i < 3_000; i++) kept.call(`other-${i}@192.0.2.1`, false);
    expect(kept.call('first-call@192.0.2.1', false)).toBe(first);
    // Not seen while twice as many calls went by: it comes back as a new call, same text.
    for (let i = 0; i < 10_000; i++) kept.call(`later-${i}@192.0.2.1`, false);
    const again = kept.call('first-call@192.0.2.1', false) as string[];
    expect(again).not.toBe(first);
    expect(again).toEqual(['first-call@192.0.2.1']);
  });
});
