/**
 * Timing and memory of repeated passes inside one child process: a warm-up
 * pass first (the JIT settles), then timed passes, each started after a
 * garbage collection, with the resident set sampled while the pass runs.
 */

/** What a child process reports back to the benchmark runner. */
export interface PassReport {
  /** Messages handled in one pass. */
  messages: number;
  /** Input bytes handled in one pass. */
  bytes: number;
  passMs: number[];
  /** Highest resident set seen during each pass, in bytes. */
  peakRss: number[];
  /** Resident set after the input was ready and before the first pass. */
  baselineRss: number;
  /** Only every stride-th message was parsed (slow peers), keeping the corpus's mix. */
  stride: number;
  /** A value computed from the results, so no pass can be optimised away. */
  checksum: number;
  /** Messages the parser refused during the last pass. */
  rejected: number;
  /** Heap and buffers still held by the results after a garbage collection (capture rows that keep messages). */
  retainedBytes?: number;
  /** Messages the input held, when a task can know (the paste row). */
  expected?: number;
}

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
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export interface PassResult {
  checksum: number;
  rejected: number;
}

/** Runs `pass` `warmup` times untimed, then `passes` times timed, sampling RSS through the sampler it is given. */
export async function timePasses(
  pass: (sampler: RssSampler) => PassResult | Promise<PassResult>,
  { passes, warmup }: { passes: number; warmup: number },
): Promise<{ passMs: number[]; peakRss: number[]; last: PassResult }> {
  let last: PassResult = { checksum: 0, rejected: 0 };
  for (let i = 0; i < warmup; i++) last = await pass(new RssSampler());
  const passMs: number[] = [];
  const peakRss: number[] = [];
  for (let i = 0; i < passes; i++) {
    collectGarbage();
    const sampler = new RssSampler();
    sampler.sample();
    const start = process.hrtime.bigint();
    last = await pass(sampler);
    passMs.push(Number(process.hrtime.bigint() - start) / 1e6);
    sampler.sample();
    peakRss.push(sampler.peak);
  }
  return { passMs, peakRss, last };
}
