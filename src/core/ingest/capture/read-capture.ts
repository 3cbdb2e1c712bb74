/**
 * Reading SIP messages out of a pcap or pcapng capture, as it streams in:
 * the entry points. The file is never held whole; messages are handed out
 * as they complete, and nothing here throws on any input.
 */
import type { Problem, SipLimits } from '../../sip/types.js';
import type { RawMessage } from '../raw-message.js';
import { readFailed } from './capture-problems.js';
import { CaptureReader } from './capture-reader.js';
import type { CaptureStats } from './capture-types.js';

export { isCapture } from './capture-magic.js';
export type { CaptureStats } from './capture-types.js';

export interface ReadCaptureOptions {
  limits?: Partial<SipLimits>;
  /** Called once when reading ends (also when the consumer stops early), with the final counts and problems. */
  onStats?: (stats: CaptureStats) => void;
}

/** Reads SIP messages from a capture arriving as chunks of any size. */
export async function* readCapture(
  chunks: AsyncIterable<Uint8Array>,
  options: ReadCaptureOptions = {},
): AsyncGenerator<RawMessage<Uint8Array>> {
  for await (const batch of readCaptureBatches(chunks, options)) {
    // A plain loop: yield* over an array wraps every element in an extra promise.
    for (const message of batch) yield message;
  }
}

/**
 * Like readCapture, but hands out the messages each chunk completed as one
 * array: one await per chunk instead of one per message, for callers that
 * go through many messages (the CLI, the benchmark).
 */
export async function* readCaptureBatches(
  chunks: AsyncIterable<Uint8Array>,
  options: ReadCaptureOptions = {},
): AsyncGenerator<RawMessage<Uint8Array>[]> {
  const reader = new CaptureReader(options.limits);
  try {
    try {
      for await (const chunk of chunks) {
        const batch = reader.push(chunk);
        if (batch.length > 0) yield batch;
        if (reader.finished) break;
      }
    } catch (error) {
      reader.fail(readFailed(error));
    }
    const last = reader.end();
    if (last.length > 0) yield last;
  } finally {
    options.onStats?.(reader.stats);
  }
}

/** Reads SIP messages from a capture held in memory. */
export function readCaptureBuffer(
  buffer: Uint8Array,
  options: { limits?: Partial<SipLimits> } = {},
): { messages: RawMessage<Uint8Array>[]; stats: CaptureStats; problems: Problem[] } {
  const reader = new CaptureReader(options.limits);
  const messages = reader.push(buffer);
  for (const m of reader.end()) messages.push(m);
  return { messages, stats: reader.stats, problems: reader.stats.problems };
}
