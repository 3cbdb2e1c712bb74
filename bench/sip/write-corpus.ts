/**
 * Writes the benchmark corpus as a pcap of any size, streamed: the same
 * messages as generateCorpus (same seed, same flows), each encoded and
 * written as it is made, so a 540 MB capture of 800,000 messages costs no
 * more memory than a batch of them. Two orders: call by call (each dialog's
 * messages back to back, as generated) or interleaved the way a busy proxy
 * captures them: dialogs start one after another, spread so that about
 * OPEN_DIALOGS are in progress at once, each keeps the spacing of its own
 * messages, and the packets are written in timestamp order (a merge through a
 * heap of the open dialogs, so memory stays bounded by those). Both orders
 * hold the same messages; only the order and the timestamps differ. Runs in
 * a process of its own (`tsx bench/sip/write-corpus.ts <file> <count>
 * [call-by-call|interleaved]`), so the heap the generator leaves does not
 * land inside a measurement; writeCorpusFile is the same from code.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PacketBuilder } from '../../test/support/capture/build-packet.js';
import { encodePcapHeader, writePcapRecords } from '../../test/support/capture/write-pcap.js';
import { newDialog } from './corpus-cast.js';
import { pickFlow } from './corpus-flows.js';
import { CORPUS_SEED, type CorpusMessage } from './corpus-message.js';
import { createRandom } from './prng.js';

const encoder = new TextEncoder();
/** Messages encoded per write. */
const BATCH = 5_000;

export type CorpusFileOrder = 'call-by-call' | 'interleaved';

/** Dialogs in progress at once, on average, in the interleaved order: a busy proxy's. */
export const OPEN_DIALOGS = 300;
/** Seeds the start times of the interleaved order, apart from the messages' own generator. */
const START_SEED = 0x57a27;

/**
 * The corpus dialog by dialog, as generated: what generateCorpus(count)
 * returns, grouped by call and without holding it (the last dialog cut where
 * the count ends).
 */
function* corpusDialogs(count: number, seed = CORPUS_SEED): Generator<CorpusMessage[]> {
  const random = createRandom(seed);
  const clock = { micros: Date.UTC(2025, 2, 14, 9, 30, 0) * 1000 };
  let made = 0;
  while (made < count) {
    const flow = pickFlow(random);
    const messages = flow(newDialog(random, clock)).slice(0, count - made);
    made += messages.length;
    yield messages;
    clock.micros += random.int(2_000, 40_000);
  }
}

/** The corpus, message by message: what generateCorpus(count) returns, without holding it. */
export function* corpusMessages(count: number, seed = CORPUS_SEED): Generator<CorpusMessage> {
  for (const dialog of corpusDialogs(count, seed)) yield* dialog;
}

interface OpenDialog {
  messages: readonly CorpusMessage[];
  at: number;
  /** Added to each message's generated timestamp. */
  shift: number;
  /** Start order, which breaks ties between equal timestamps. */
  order: number;
}

const dueAt = (d: OpenDialog): number => (d.messages[d.at]?.epochMicros ?? 0) + d.shift;
const before = (a: OpenDialog, b: OpenDialog): boolean =>
  dueAt(a) < dueAt(b) || (dueAt(a) === dueAt(b) && a.order < b.order);

/** A binary min-heap of the open dialogs by the time of each one's next message. */
class DialogHeap {
  readonly items: OpenDialog[] = [];
  push(d: OpenDialog): void {
    const items = this.items;
    items.push(d);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      const up = items[parent] as OpenDialog;
      if (!before(d, up)) break;
      items[i] = up;
      items[parent] = d;
      i = parent;
    }
  }
  /** Drops the top (`drop`) or moves it down to its place after its time changed. */
  settleTop(drop: boolean): void {
    const items = this.items;
    if (drop) {
      const last = items.pop();
      if (last === undefined || items.length === 0) return;
      items[0] = last;
    }
    const d = items[0];
    if (d === undefined) return;
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const l = items[left];
      if (l === undefined) break;
      const r = items[left + 1];
      const [child, c] = r !== undefined && before(r, l) ? [left + 1, r] : [left, l];
      if (!before(c, d)) break;
      items[i] = c;
      items[child] = d;
      i = child;
    }
  }
}

/**
 * The corpus interleaved as a busy proxy captures it: the same messages as
 * corpusMessages(count), each dialog moved to a start time of its own (starts
 * spaced so that about `open` dialogs are in progress at once: by Little's
 * law, the mean spacing is the mean dialog length so far over `open`), every
 * packet in timestamp order.
 */
export function* interleavedMessages(
  count: number,
  open = OPEN_DIALOGS,
  seed = CORPUS_SEED,
): Generator<CorpusMessage> {
  const dialogs = corpusDialogs(count, seed);
  const starts = createRandom(START_SEED);
  const heap = new DialogHeap();
  let pending = dialogs.next();
  let start = Number.NaN;
  let lengths = 0;
  let started = 0;
  const startNext = (): void => {
    if (pending.done) return;
    const messages = pending.value;
    const first = messages[0];
    const last = messages[messages.length - 1];
    if (first !== undefined && last !== undefined) {
      if (Number.isNaN(start)) start = first.epochMicros;
      heap.push({ messages, at: 0, shift: start - first.epochMicros, order: started });
      started += 1;
      lengths += last.epochMicros - first.epochMicros;
      const meanGap = lengths / started / open;
      start += Math.round(starts.next() * 2 * meanGap);
    }
    pending = dialogs.next();
  };
  startNext();
  for (;;) {
    const top = heap.items[0];
    // Every dialog that starts before the next message due is open before it is sent.
    if (!pending.done && (top === undefined || start <= dueAt(top))) {
      startNext();
      continue;
    }
    if (top === undefined) return;
    const message = top.messages[top.at] as CorpusMessage;
    yield { ...message, epochMicros: message.epochMicros + top.shift };
    top.at += 1;
    heap.settleTop(top.at >= top.messages.length);
  }
}

/** Writes the first `count` messages of the corpus to `file` as a pcap in `order`; returns its size in bytes. */
export function writeCorpusFile(
  file: string,
  count: number,
  order: CorpusFileOrder = 'call-by-call',
): number {
  const fd = openSync(file, 'w');
  let size = 0;
  try {
    size += writeSync(fd, encodePcapHeader());
    // One builder for the whole file, as writePcap uses: the IP identification counts on.
    const builder = new PacketBuilder();
    let batch: CorpusMessage[] = [];
    const flush = (): void => {
      if (batch.length === 0) return;
      const records = batch.map((m) => ({
        epochMicros: m.epochMicros,
        data: builder.frame(packetOf(m)),
      }));
      // The records only: the file header was written above.
      const bytes = writePcapRecords(records).subarray(24);
      size += writeSync(fd, bytes);
      batch = [];
    };
    const messages = order === 'interleaved' ? interleavedMessages(count) : corpusMessages(count);
    for (const message of messages) {
      batch.push(message);
      if (batch.length >= BATCH) flush();
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return size;
}

function packetOf(m: CorpusMessage) {
  return {
    epochMicros: m.epochMicros,
    src: { address: m.src.address, port: m.src.port ?? 5060 },
    dst: { address: m.dst.address, port: m.dst.port ?? 5060 },
    transport: 'UDP' as const,
    payload: encoder.encode(m.text),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [file, count, order = 'call-by-call'] = process.argv.slice(2);
  if (
    file === undefined ||
    !Number.isInteger(Number(count)) ||
    (order !== 'call-by-call' && order !== 'interleaved')
  )
    throw new Error('usage: write-corpus.ts <file.pcap> <messages> [call-by-call|interleaved]');
  process.stdout.write(`${writeCorpusFile(file, Number(count), order)}\n`);
}
