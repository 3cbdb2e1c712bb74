/**
 * The corpus as a capture: written as a classic pcap (Ethernet, IPv4, UDP)
 * with our pcap writer, read back with our capture reader plus the parser,
 * and, when it is installed, decoded by tshark for comparison.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { readCapture } from '../../src/core/capture/read-capture.js';
import { writePcap } from '../../src/core/capture/write-pcap.js';
import { parseMessage, type SipMessage } from '../../src/core/sip/parse-message.js';
import type { CorpusMessage } from './corpus.js';

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
  /** The parsed messages, when asked to keep them. */
  messages: SipMessage[];
  /** Sum of CSeq numbers and Call-ID lengths, read so the parse cannot be skipped. */
  checksum: number;
}

/**
 * Streams the file through our capture reader and parses every payload,
 * reading each message's Call-ID and CSeq; with `keep`, the parsed messages
 * are kept as a diagnosis (and parseInput) keeps them. `onMessage` is called
 * after each one (the benchmark samples memory there).
 */
export async function readWithOurs(
  file: string,
  keep: boolean,
  onMessage?: (count: number) => void,
): Promise<CaptureRead> {
  const messages: SipMessage[] = [];
  let count = 0;
  let checksum = 0;
  const chunks = createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const captured of readCapture(chunks)) {
    const message = parseMessage(captured.payload);
    checksum += (message.cseq?.seq ?? 0) + (message.callId?.length ?? 0);
    if (keep) messages.push(message);
    count += 1;
    onMessage?.(count);
  }
  return { count, messages, checksum };
}

/** Whether a `tshark` binary answers on the PATH. */
export function tsharkAvailable(): boolean {
  const probe = spawnSync('tshark', ['--version'], { stdio: 'ignore' });
  return probe.status === 0;
}

export interface TsharkRun {
  ms: number;
  /** Lines printed (one Call-ID per SIP message). */
  lines: number;
  /** Peak resident set of the tshark process in bytes, sampled from /proc (0 when unreadable). */
  peakRss: number;
  firstCallId: string;
}

function peakRssOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match?.[1] ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Times `tshark -r file -Y sip -T fields -e sip.Call-ID` as a process, start to exit. */
export function runTshark(file: string): Promise<TsharkRun> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn('tshark', ['-r', file, '-Y', 'sip', '-T', 'fields', '-e', 'sip.Call-ID'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let peakRss = 0;
    const timer = setInterval(() => {
      peakRss = Math.max(peakRss, peakRssOf(child.pid));
    }, 10);
    let lines = 0;
    let firstCallId = '';
    let rest = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const text = rest + chunk;
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      if (lines === 0 && parts[0] !== undefined) firstCallId = parts[0];
      lines += parts.length;
      peakRss = Math.max(peakRss, peakRssOf(child.pid));
    });
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`tshark exited with ${code}`));
      else resolve({ ms, lines: lines + (rest ? 1 : 0), peakRss, firstCallId });
    });
  });
}
