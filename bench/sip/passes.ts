/**
 * The measuring protocol between the benchmark runner and its child
 * processes, and the small helpers both sides use: each child prepares its
 * input and warms up, then runs one timed pass whenever the runner asks, so
 * the runner can interleave the peers' passes (round after round) and a busy
 * machine slows every peer alike instead of whichever ran at the wrong time.
 */

/** What a child knows once it is ready. */
export interface SessionInfo {
  /** Messages handled in one pass. */
  messages: number;
  /** Input bytes handled in one pass. */
  bytes: number;
  /** Only every stride-th message is parsed (slow peers), keeping the corpus's mix. */
  stride: number;
  /** Resident set after the input was ready and before the first pass. */
  baselineRss: number;
  /** Messages the input held, when a task can know (the paste row). */
  expected?: number;
  /** Wrong or missing values (and refused messages) found when the parse rows verify their peer. */
  wrongValues?: number;
}

/** One timed pass. */
export interface PassSample {
  /** Wall-clock time of the pass. */
  ms: number;
  /** CPU time (user + system, all threads: GC included) the process spent on the pass. */
  cpuMs: number;
  /** Highest resident set seen during the pass, in bytes. */
  peakRss: number;
  /** A value computed from the results, so no pass can be optimised away. */
  checksum: number;
  /** Messages the parser refused. */
  rejected: number;
  /** Messages handled (a capture or paste pass reports what it found). */
  messages: number;
  /** Heap and buffers still held by the kept results after a garbage collection (capture rows that keep messages). */
  retainedBytes?: number;
}

export type ParentMessage = { type: 'pass' } | { type: 'stop' };
export type ChildMessage =
  | { type: 'ready'; info: SessionInfo }
  | { type: 'pass'; sample: PassSample }
  | { type: 'result'; value: unknown }
  | { type: 'error'; message: string };

export function collectGarbage(): void {
  const gc: unknown = Reflect.get(globalThis, 'gc');
  if (typeof gc === 'function') gc();
}

export class RssSampler {
  peak = 0;
  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
