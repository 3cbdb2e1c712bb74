/**
 * The corpus as a capture: written as a classic pcap (Ethernet, IPv4, UDP)
 * with our pcap writer, read back with our capture reader plus the parser,
 * and, when it is installed, decoded by tshark for comparison.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, writeFileSync } from 'node:fs';
import { readCaptureBatches } from '../../src/core/ingest/capture/read-capture.js';
import { parseInput } from '../../src/core/ingest/parse-input.js';
import type { InputMessages } from '../../src/core/sip/message-list.js';
import { parseMessage } from '../../src/core/sip/parse-message.js';
import { ParserState } from '../../src/core/sip/parser-state.js';
import { writePcap } from '../../test/support/capture/write-pcap.js';
import type { CorpusMessage } from './corpus.js';
import { runProcess } from './process-run.js';

const encoder = new TextEncoder();

/** Writes the corpus as a pcap file and returns its size in bytes. */
export function writeCorpusPcap(corpus: readonly CorpusMessage[], file: string): number {
  const bytes = writePcap(
    corpus.map((m) => ({
      epochMicros: m.epochMicros,
      src: { address: m.src.address, port: m.src.port ?? 5060 },
      dst: { address: m.dst.address, port: m.dst.port ?? 5060 },
      transport: 'UDP' as const,
      payload: encoder.encode(m.text),
    })),
  );
  writeFileSync(file, bytes);
  return bytes.byteLength;
}

export interface CaptureRead {
  /** SIP messages read. */
  count: number;
  /** The messages as parseInput keeps them, when asked to keep them. */
  messages: InputMessages;
  /** Sum of CSeq numbers and Call-ID lengths, read so the parse cannot be skipped. */
  checksum: number;
}

/**
 * Streams the file through our capture reader and parses every payload,
 * reading each message's Call-ID and CSeq; with `keep`, the file goes through
 * parseInput, which keeps every message the way `sip-triage parse` and a
 * diagnosis hold them. `onMessage` is called after each one (the benchmark
 * samples memory there; parseInput is sampled once per chunk it reads).
 */
export async function readWithOurs(
  file: string,
  keep: boolean,
  onMessage?: (count: number) => void,
): Promise<CaptureRead> {
  if (keep) return readAndKeep(file, onMessage);
  let count = 0;
  let checksum = 0;
  const chunks = createReadStream(file, { highWaterMark: 1 << 20 });
  // The same loop as parseInput (src/core/ingest/parse-input.ts): one await per chunk, not per
  // message, and one parser state for the whole capture.
  const options = { state: new ParserState() };
  for await (const batch of readCaptureBatches(chunks)) {
    for (const captured of batch) {
      const message = parseMessage(captured.content, undefined, options);
      checksum += (message.cseq?.seq ?? 0) + (message.callId?.length ?? 0);
      count += 1;
      onMessage?.(count);
    }
  }
  return { count, messages: [], checksum };
}

/** Reads a capture held in memory and parses every message, keeping nothing (the rewarm). */
export async function readBuffered(bytes: Uint8Array): Promise<number> {
  let checksum = 0;
  async function* once(): AsyncGenerator<Uint8Array> {
    yield bytes;
  }
  const options = { state: new ParserState() };
  for await (const batch of readCaptureBatches(once())) {
    for (const captured of batch)
      checksum += parseMessage(captured.content, undefined, options).cseq?.seq ?? 0;
  }
  return checksum;
}

async function readAndKeep(
  file: string,
  onMessage?: (count: number) => void,
): Promise<CaptureRead> {
  async function* sampled(): AsyncGenerator<Uint8Array> {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      onMessage?.(0);
      yield chunk as Uint8Array;
    }
  }
  const result = await parseInput(sampled());
  let checksum = 0;
  for (const m of result.messages) checksum += (m.cseq?.seq ?? 0) + (m.callId?.length ?? 0);
  onMessage?.(0);
  return { count: result.messages.length, messages: result.messages, checksum };
}

/** Whether a `tshark` binary answers on the PATH. */
export function tsharkAvailable(): boolean {
  const probe = spawnSync('tshark', ['--version'], { stdio: 'ignore' });
  return probe.status === 0;
}

export interface TsharkRun {
  ms: number;
  /** User + system CPU time of tshark (NaN when GNU time is not there to report it). */
  cpuMs: number;
  /** Lines printed (one Call-ID per SIP message). */
  lines: number;
  /** Peak resident set of tshark in bytes: from GNU time, else sampled from /proc (0 when unreadable). */
  peakRss: number;
}

/**
 * Times `tshark -r file -Y sip -T fields -e sip.Call-ID` as a whole process,
 * as every other process of the bench is timed (process-run.ts).
 */
export async function runTshark(file: string): Promise<TsharkRun> {
  const run = await runProcess('tshark', [
    '-r',
    file,
    '-Y',
    'sip',
    '-T',
    'fields',
    '-e',
    'sip.Call-ID',
  ]);
  return { ms: run.ms, cpuMs: run.cpuMs, lines: run.lines, peakRss: run.peakRss };
}
