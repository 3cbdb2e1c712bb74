/**
 * Writes the benchmark corpus as a pcap of any size, streamed: the same
 * messages as generateCorpus (same seed, same flows, same order), each
 * encoded and written as it is made, so a 540 MB capture of 800,000
 * messages costs no more memory than a batch of them. Runs in a process of
 * its own (`tsx bench/sip/write-corpus.ts <file> <count>`), so the heap the
 * generator leaves does not land inside a measurement; writeCorpusFile is
 * the same from code.
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

/** The corpus, message by message: what generateCorpus(count) returns, without holding it. */
export function* corpusMessages(count: number, seed = CORPUS_SEED): Generator<CorpusMessage> {
  const random = createRandom(seed);
  const clock = { micros: Date.UTC(2025, 2, 14, 9, 30, 0) * 1000 };
  let made = 0;
  while (made < count) {
    const flow = pickFlow(random);
    for (const message of flow(newDialog(random, clock))) {
      if (made >= count) break;
      made += 1;
      yield message;
    }
    clock.micros += random.int(2_000, 40_000);
  }
}

/** Writes the first `count` messages of the corpus to `file` as a pcap; returns its size in bytes. */
export function writeCorpusFile(file: string, count: number): number {
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
    for (const message of corpusMessages(count)) {
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
  const [file, count] = process.argv.slice(2);
  if (file === undefined || !Number.isInteger(Number(count)))
    throw new Error('usage: write-corpus.ts <file.pcap> <messages>');
  process.stdout.write(`${writeCorpusFile(file, Number(count))}\n`);
}
