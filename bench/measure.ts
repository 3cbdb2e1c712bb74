/** A small timing harness: warm up, then time batches and report the median per operation. */

export interface Measurement {
  name: string;
  medianNs: number;
  p90Ns: number;
  batches: number;
}

export function measure(
  name: string,
  fn: () => unknown,
  { batches = 25, perBatch = 200, warmup = 200 } = {},
): Measurement {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) fn();
    samples.push(Number(process.hrtime.bigint() - start) / perBatch);
  }
  return summarise(name, samples);
}

/** Median and p90 of per-operation samples in nanoseconds. */
function summarise(name: string, samples: number[]): Measurement {
  samples.sort((a, b) => a - b);
  return {
    name,
    medianNs: samples[Math.floor(samples.length / 2)] ?? 0,
    p90Ns: samples[Math.floor(samples.length * 0.9)] ?? 0,
    batches: samples.length,
  };
}

export function formatNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${ns.toFixed(0)} ns`;
}

export function printTable(title: string, rows: Measurement[], baseline?: Measurement): void {
  const out = [
    `\n${title}`,
    `${'operation'.padEnd(44)} ${'median'.padStart(10)} ${'p90'.padStart(10)}${baseline ? '   ratio' : ''}`,
  ];
  for (const row of rows) {
    const ratio = baseline ? `   ${(row.medianNs / baseline.medianNs).toFixed(1)}x` : '';
    out.push(
      `${row.name.padEnd(44)} ${formatNs(row.medianNs).padStart(10)} ${formatNs(row.p90Ns).padStart(10)}${ratio}`,
    );
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

/** As measure(), for an operation that returns a promise: batches of one at a time, in sequence. */
export async function measureAsync(
  name: string,
  fn: () => Promise<unknown>,
  { batches = 15, perBatch = 3, warmup = 3 } = {},
): Promise<Measurement> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < perBatch; i++) await fn();
    samples.push(Number(process.hrtime.bigint() - start) / perBatch);
  }
  return summarise(name, samples);
}
