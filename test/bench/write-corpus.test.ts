/**
 * The interleaved capture order of the diagnosis bench holds the same
 * messages as call by call, only moved in time: every packet in timestamp
 * order, each dialog keeping the spacing of its own messages, and about
 * OPEN_DIALOGS calls in progress at once (what makes it a busy proxy's).
 */
import { describe, expect, it } from 'vitest';
import type { CorpusMessage } from '../../bench/sip/corpus-message.js';
import { corpusMessages, interleavedMessages, OPEN_DIALOGS } from '../../bench/sip/write-corpus.js';

const COUNT = 6_000;
const callByCall = [...corpusMessages(COUNT)];
const interleaved = [...interleavedMessages(COUNT)];

/** Each dialog's messages as offsets from its first one. */
function offsets(messages: readonly CorpusMessage[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const m of messages) {
    const list = out.get(m.callId);
    if (list === undefined) out.set(m.callId, [m.epochMicros]);
    else list.push(m.epochMicros);
  }
  for (const list of out.values()) {
    const first = list[0] ?? 0;
    for (let i = 0; i < list.length; i++) list[i] = (list[i] ?? 0) - first;
  }
  return out;
}

describe('interleaved corpus order', () => {
  it('holds the same messages as call by call, each dialog in its own order', () => {
    expect(interleaved).toHaveLength(COUNT);
    expect(interleaved.map((m) => m.text).sort()).toEqual(callByCall.map((m) => m.text).sort());
    const inOrder = (list: readonly CorpusMessage[], callId: string) =>
      list.filter((m) => m.callId === callId).map((m) => m.text);
    for (const callId of new Set(callByCall.slice(0, 200).map((m) => m.callId)))
      expect(inOrder(interleaved, callId)).toEqual(inOrder(callByCall, callId));
  });

  it('writes packets in timestamp order, each dialog keeping its own spacing', () => {
    for (let i = 1; i < interleaved.length; i++)
      expect((interleaved[i] as CorpusMessage).epochMicros).toBeGreaterThanOrEqual(
        (interleaved[i - 1] as CorpusMessage).epochMicros,
      );
    expect(offsets(interleaved)).toEqual(offsets(callByCall));
  });

  it('has about OPEN_DIALOGS calls in progress at once', () => {
    const first = new Map<string, number>();
    const last = new Map<string, number>();
    interleaved.forEach((m, i) => {
      if (!first.has(m.callId)) first.set(m.callId, i);
      last.set(m.callId, i);
    });
    // Dialogs open at each message, averaged after the first ones have started.
    const delta = new Array<number>(interleaved.length + 1).fill(0);
    for (const [callId, start] of first) {
      delta[start] = (delta[start] ?? 0) + 1;
      const end = (last.get(callId) ?? start) + 1;
      delta[end] = (delta[end] ?? 0) - 1;
    }
    let open = 0;
    let sum = 0;
    let counted = 0;
    delta.forEach((d, i) => {
      open += d;
      if (i >= COUNT / 3 && i < COUNT) {
        sum += open;
        counted++;
      }
    });
    const mean = sum / counted;
    expect(mean).toBeGreaterThan(OPEN_DIALOGS * 0.6);
    expect(mean).toBeLessThan(OPEN_DIALOGS * 1.4);
  });
});
