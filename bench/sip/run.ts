/**
 * The SIP benchmark (`npm run bench`, or `tsx bench/sip/run.ts` alone): a
 * generated corpus parsed fully by our parser, the npm parsers and a naive
 * floor; the same corpus as a pcap read by our capture reader and by tshark;
 * scaling rows; a multi-megabyte paste through the extractor. Each measured
 * row runs in a child process of its own (clean peak RSS), the rows' timed
 * passes alternate round by round, and figures are medians after warm-up.
 *
 * Options: --count N (messages, default 50000), --passes N (default 5),
 * --budget-ms N (slow peers parse a sample so a pass takes about this long,
 * default 5000), --full (no sampling: every peer parses every message),
 * --quick (5000 messages, 3 passes), --no-tshark, --only-parse (the
 * correctness and parsing sections, no capture, paste or diagnosis rows),
 * --only-orders (only ours vs the sip package by message order),
 * --only-diagnose (only the diagnosis rows), --no-big (leaves out the
 * diagnosis row of the 16x capture, 800,000 messages: about 15 s a run
 * here, two minutes with its generation and warm-up), --order-processes N
 * (children per message-order row, one set after another, default 3),
 * --diagnose-rounds N (rounds of the 1x diagnosis rows, default 11; the 4x
 * and 16x captures run in the first 5 of them, or --passes if fewer).
 */
import { fileURLToPath } from 'node:url';
import { type CorpusMessage, corpusBytes, generateCorpus } from './corpus.js';
import { printCapture, printPaste } from './report-capture.js';
import { printConformance, printCorrectness } from './report-checks.js';
import { printDiagnose } from './report-diagnose.js';
import { printOrders, printParsing } from './report-parse.js';
import { formatCount, formatMB, writeLine } from './table.js';

export interface SipBenchOptions {
  count: number;
  passes: number;
  warmup: number;
  /** Milliseconds a slow peer's pass may take before it is timed on a sample; 0: no limit. */
  budgetMs: number;
  tshark: boolean;
  /** Messages checked for correctness per peer. */
  checkSample: number;
  /** Which sections run: all, the parsing ones, or only the message-order rows. */
  only: 'all' | 'parse' | 'orders' | 'diagnose';
  /** The 16x capture in the diagnosis rows. */
  big: boolean;
  /** Children per row of the message-order rows, one set after another (see measureRowsInProcesses). */
  orderProcesses: number;
  /** Rounds of the 1x diagnosis rows (whole processes); see printDiagnose. */
  diagnoseRounds: number;
}

export function parseSipBenchArgs(argv: readonly string[]): SipBenchOptions {
  const options: SipBenchOptions = {
    count: 50_000,
    passes: 5,
    warmup: 1,
    budgetMs: 5_000,
    tshark: true,
    checkSample: 2_000,
    only: 'all',
    big: true,
    orderProcesses: 3,
    diagnoseRounds: 11,
  };
  const numberAfter = (flag: string): number | undefined => {
    const index = argv.indexOf(flag);
    const value = index >= 0 ? Number(argv[index + 1]) : Number.NaN;
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  if (argv.includes('--quick'))
    Object.assign(options, { count: 5_000, passes: 3, budgetMs: 1_500, diagnoseRounds: 3 });
  options.count = numberAfter('--count') ?? options.count;
  options.passes = numberAfter('--passes') ?? options.passes;
  options.budgetMs = numberAfter('--budget-ms') ?? options.budgetMs;
  options.orderProcesses = numberAfter('--order-processes') ?? options.orderProcesses;
  options.diagnoseRounds = numberAfter('--diagnose-rounds') ?? options.diagnoseRounds;
  if (argv.includes('--full')) options.budgetMs = 0;
  if (argv.includes('--no-tshark')) options.tshark = false;
  if (argv.includes('--only-parse')) options.only = 'parse';
  if (argv.includes('--only-orders')) options.only = 'orders';
  if (argv.includes('--only-diagnose')) options.only = 'diagnose';
  if (argv.includes('--no-big')) options.big = false;
  return options;
}

function describeCorpus(corpus: readonly CorpusMessage[]): string {
  const labels = new Map<string, number>();
  for (const m of corpus) labels.set(m.label, (labels.get(m.label) ?? 0) + 1);
  const mix = [...labels]
    .sort((a, b) => b[1] - a[1])
    .map(([label, n]) => `${label} ${formatCount(n)}`)
    .join(', ');
  const compact = corpus.filter((m) => m.compact).length;
  const comma = corpus.filter((m) => m.commaVia).length;
  let smallest = Number.POSITIVE_INFINITY;
  let largest = 0;
  for (const m of corpus) {
    smallest = Math.min(smallest, m.bytes);
    largest = Math.max(largest, m.bytes);
  }
  return [
    `corpus: ${formatCount(corpus.length)} messages, ${formatMB(corpusBytes(corpus))} MB, ${smallest} to ${largest} bytes each`,
    `  mix: ${mix}`,
    `  ${formatCount(compact)} with compact header names, ${formatCount(comma)} with comma-joined Via values`,
  ].join('\n');
}

/** Runs every SIP benchmark and prints the tables. */
export async function runSipBenchmarks(
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  const o = parseSipBenchArgs(argv);
  const corpus = generateCorpus(o.count);
  writeLine(`\n${describeCorpus(corpus)}`);
  writeLine(
    `  each measured row in its own child process; ${o.warmup} warm-up pass, then ${o.passes} timed passes taken in turns across the rows; medians; MB = 10^6 bytes`,
  );
  if (o.only === 'diagnose') {
    await printDiagnose(o, corpus);
    return;
  }
  if (o.only === 'orders') {
    await printOrders(o);
    return;
  }
  await printCorrectness(corpus, o.checkSample);
  await printConformance();
  await printParsing(o);
  await printOrders(o);
  if (o.only === 'parse') return;
  await printCapture(o, corpus);
  await printPaste(o);
  await printDiagnose(o, corpus);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runSipBenchmarks();
}
