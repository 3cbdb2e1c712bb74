/**
 * The same corpus in the orders a capture may show it: call by call (each
 * dialog's messages back to back, as generated), N dialogs interleaved (a
 * busy SBC: N calls open at once, the next message from any of them, a new
 * call taking the place of one that ended), or every message in random order
 * (the worst case for anything that expects a message to repeat the one
 * before it). Only the order changes: every order holds the same messages,
 * so the rows of a table differ by order alone.
 */
import type { CorpusMessage } from './corpus-message.js';
import { createRandom } from './prng.js';

export type CorpusOrder = 'call-by-call' | 'interleaved-32' | 'interleaved-500' | 'random';

export const CORPUS_ORDERS: readonly CorpusOrder[] = [
  'call-by-call',
  'interleaved-32',
  'interleaved-500',
  'random',
];

const ORDER_SEED = 0x0dde7;

export function isCorpusOrder(value: unknown): value is CorpusOrder {
  return typeof value === 'string' && (CORPUS_ORDERS as readonly string[]).includes(value);
}

/** How an order reads in a table. */
export function describeOrder(order: CorpusOrder): string {
  switch (order) {
    case 'call-by-call':
      return 'call by call';
    case 'interleaved-32':
      return '32 dialogs interleaved';
    case 'interleaved-500':
      return '500 dialogs interleaved';
    case 'random':
      return 'random order';
  }
}

/** The messages of each dialog (by Call-ID), dialogs in the order they start. */
function dialogsOf(corpus: readonly CorpusMessage[]): CorpusMessage[][] {
  const byCallId = new Map<string, CorpusMessage[]>();
  for (const m of corpus) {
    const list = byCallId.get(m.callId);
    if (list) list.push(m);
    else byCallId.set(m.callId, [m]);
  }
  return [...byCallId.values()];
}

/** `open` dialogs at a time; each next message comes from one of them picked at random. */
function interleave(corpus: readonly CorpusMessage[], open: number): CorpusMessage[] {
  const random = createRandom(ORDER_SEED + open);
  const waiting = dialogsOf(corpus);
  let nextDialog = 0;
  const active: { messages: CorpusMessage[]; at: number }[] = [];
  const out: CorpusMessage[] = [];
  while (active.length < open && nextDialog < waiting.length)
    active.push({ messages: waiting[nextDialog++] ?? [], at: 0 });
  while (active.length > 0) {
    const slot = random.int(0, active.length - 1);
    const dialog = active[slot];
    if (!dialog) break;
    const message = dialog.messages[dialog.at++];
    if (message) out.push(message);
    if (dialog.at >= dialog.messages.length) {
      const replacement = waiting[nextDialog++];
      if (replacement) active[slot] = { messages: replacement, at: 0 };
      else {
        active[slot] = active[active.length - 1] ?? dialog;
        active.pop();
      }
    }
  }
  return out;
}

function shuffle(corpus: readonly CorpusMessage[]): CorpusMessage[] {
  const random = createRandom(ORDER_SEED);
  const out = corpus.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    const a = out[i] as CorpusMessage;
    out[i] = out[j] as CorpusMessage;
    out[j] = a;
  }
  return out;
}

/** The corpus in `order`; the same messages (the same string objects), only reordered. */
export function orderCorpus(corpus: readonly CorpusMessage[], order: CorpusOrder): CorpusMessage[] {
  switch (order) {
    case 'call-by-call':
      return corpus.slice();
    case 'interleaved-32':
      return interleave(corpus, 32);
    case 'interleaved-500':
      return interleave(corpus, 500);
    case 'random':
      return shuffle(corpus);
  }
}

/**
 * How far apart, on average, two consecutive messages of one dialog are in
 * `messages` (1: back to back), so a table can show what an order does.
 */
export function meanDialogGap(messages: readonly CorpusMessage[]): number {
  const lastSeen = new Map<string, number>();
  let total = 0;
  let gaps = 0;
  messages.forEach((m, i) => {
    const before = lastSeen.get(m.callId);
    if (before !== undefined) {
      total += i - before;
      gaps++;
    }
    lastSeen.set(m.callId, i);
  });
  return gaps === 0 ? 0 : total / gaps;
}
