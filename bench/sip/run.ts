/**
 * The SIP benchmark (`npm run bench`, or `tsx bench/sip/run.ts` alone): a
 * generated corpus parsed fully by our parser, the npm parsers and a naive
 * floor; the same corpus as a pcap read by our capture reader and by tshark;
 * scaling rows; a multi-megabyte paste through the extractor. Each timed row
 * runs in a child process of its own (clean peak RSS); figures are medians
 * of the timed passes after a warm-up.
 *
 * Options: --count N (messages, default 50000), --passes N (default 5),
 * --budget-ms N (slow peers parse a sample so a pass takes about this long,
 * default 5000), --full (no sampling: every peer parses every message), --quick (5000 messages, 3 passes),
 * --no-tshark.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKED_FIELDS, checkPeer, type PeerCheck, sampleEvery } from './check-peers.js';
import { loadVectorSets, scorePeer, scoreWith, type VerdictScore } from './conformance-verdicts.js';
import { type CorpusMessage, corpusBytes, generateCorpus } from './corpus.js';
import { median, type PassReport } from './passes.js';
import { loadPeer, NPM_PEER_IDS, PEER_IDS, type PeerId } from './peers.js';
import { formatCount, formatMB, formatMs, formatRatio, renderTable } from './table.js';
import type { ShapeRow } from './worker.js';

export interface SipBenchOptions {
  count: number;
  passes: number;
  warmup: number;
  budgetMs: number;
  tshark: boolean;
  /** Messages checked for correctness per peer. */
  checkSample: number;
}

export function parseSipBenchArgs(argv: readonly string[]): SipBenchOptions {
  const options: SipBenchOptions = {
    count: 50_000,
    passes: 5,
    warmup: 1,
    budgetMs: 5_000,
    tshark: true,
    checkSample: 2_000,
  };
  const numberAfter = (flag: string): number | undefined => {
    const index = argv.indexOf(flag);
    const value = index >= 0 ? Number(argv[index + 1]) : Number.NaN;
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };
  if (argv.includes('--quick'))
    Object.assign(options, { count: 5_000, passes: 3, budgetMs: 1_500 });
  options.count = numberAfter('--count') ?? options.count;
  options.passes = numberAfter('--passes') ?? options.passes;
  options.budgetMs = numberAfter('--budget-ms') ?? options.budgetMs;
  if (argv.includes('--full')) options.budgetMs = 0;
  if (argv.includes('--no-tshark')) options.tshark = false;
  return options;
}

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
const write = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

type ChildResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Runs one worker task in a fresh Node process with the same loader (tsx) as this one. */
function runChild<T>(task: string, options: object): ChildResult<T> {
  const args = [...process.execArgv, '--expose-gc', WORKER, task, JSON.stringify(options)];
  const child = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30 * 60 * 1000,
  });
  const lastLine = child.stdout?.trim().split('\n').pop() ?? '';
  if (child.status === 0 && (lastLine.startsWith('{') || lastLine.startsWith('['))) {
    try {
      return { ok: true, value: JSON.parse(lastLine) as T };
    } catch {
      // fall through to the error below
    }
  }
  const reason =
    child.error?.message ??
    child.stderr
      ?.split('\n')
      .find((l) => /Error|error:/.test(l))
      ?.trim() ??
    `exit ${child.status}`;
  return { ok: false, error: reason.slice(0, 160) };
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
  const sizes = corpus.map((m) => m.bytes);
  return [
    `corpus: ${formatCount(corpus.length)} messages, ${formatMB(corpusBytes(corpus))} MB, ${Math.min(...sizes)} to ${Math.max(...sizes)} bytes each`,
    `  mix: ${mix}`,
    `  ${formatCount(compact)} with compact header names, ${formatCount(comma)} with comma-joined Via values`,
  ].join('\n');
}

// ---------------------------------------------------------------------------

async function correctness(corpus: readonly CorpusMessage[], sampleSize: number): Promise<void> {
  const sample = sampleEvery(corpus, Math.max(1, Math.floor(corpus.length / sampleSize)));
  const checks: PeerCheck[] = [];
  const failures: string[] = [];
  for (const id of PEER_IDS) {
    try {
      checks.push(checkPeer(await loadPeer(id), sample));
    } catch (error) {
      failures.push(`  ${id}: not measured (${String(error).split('\n')[0]})`);
    }
  }
  write(
    `\nSIP parsing: correctness of each peer on ${formatCount(sample.length)} sampled messages (wrong values; - = not delivered)`,
  );
  write(
    renderTable(
      ['peer', 'rejected', ...CHECKED_FIELDS],
      checks.map((c) => [
        c.peer,
        formatCount(c.rejected),
        ...CHECKED_FIELDS.map((f) => {
          const wrong = c.wrong[f];
          return wrong === undefined ? '-' : formatCount(wrong);
        }),
      ]),
    ),
  );
  for (const c of checks) {
    if (c.wrongViaCountCommaJoined > 0)
      write(
        `  ${c.peer}: ${formatCount(c.wrongViaCountCommaJoined)} wrong Via counts are on comma-joined Via lines`,
      );
  }
  for (const line of failures) write(line);
}

const CONFORMANCE_DIR = fileURLToPath(new URL('../../../shared/conformance', import.meta.url));

async function conformance(): Promise<void> {
  const sets = loadVectorSets(CONFORMANCE_DIR);
  if (sets.length === 0) {
    write(`\nConformance vectors: not found at ${CONFORMANCE_DIR}, row skipped`);
    return;
  }
  write(
    '\nConformance vectors with a clear-cut outcome: delivered when they must parse, refused when they must be rejected\n(a rough verdict; the conformance tests check each value)',
  );
  const cell = (s: VerdictScore): string =>
    `${s.right}/${s.total} (${Math.round((s.right / Math.max(1, s.total)) * 100)}%)${s.threw > 0 ? `, threw on ${s.threw}` : ''}`;
  const rows: string[][] = [];
  for (const id of PEER_IDS) {
    if (id === 'naive') continue;
    try {
      const peer = await loadPeer(id);
      if (id === 'ours') {
        const { parseMessage } = await import('../../src/core/sip/parse-message.js');
        const accepts = (bytes: Uint8Array): boolean =>
          !parseMessage(bytes).problems.some((p) => p.severity === 'error');
        rows.push([peer.name, ...sets.map((set) => cell(scoreWith(set, accepts)))]);
      } else rows.push([peer.name, ...sets.map((set) => cell(scorePeer(peer, set)))]);
    } catch (error) {
      rows.push([id, `not measured (${String(error).split('\n')[0]})`]);
    }
  }
  write(renderTable(['parser', ...sets.map((s) => `${s.name} (${s.vectors.length})`)], rows));
}

interface ParseRow {
  id: PeerId;
  report?: PassReport;
  error?: string;
}

function parseRows(o: SipBenchOptions): ParseRow[] {
  return PEER_IDS.map((id) => {
    const result = runChild<PassReport>('parse', {
      peer: id,
      count: o.count,
      repeat: 1,
      passes: o.passes,
      warmup: o.warmup,
      budgetMs: o.budgetMs,
    });
    return result.ok ? { id, report: result.value } : { id, error: result.error };
  });
}

function rate(report: PassReport): { perSecond: number; bytesPerSecond: number } {
  const ms = median(report.passMs);
  return { perSecond: (report.messages / ms) * 1000, bytesPerSecond: (report.bytes / ms) * 1000 };
}

function printParseRows(rows: ParseRow[], names: Map<PeerId, string>): void {
  const npm = rows.filter((r) => NPM_PEER_IDS.includes(r.id) && r.report);
  const fastest = npm.reduce<ParseRow | undefined>((best, r) => {
    if (!r.report) return best;
    return !best?.report || rate(r.report).perSecond > rate(best.report).perSecond ? r : best;
  }, undefined);
  const fastestRate = fastest?.report ? rate(fastest.report).perSecond : Number.NaN;
  const fastestName = fastest ? (names.get(fastest.id) ?? fastest.id) : 'npm';
  write(
    '\nSIP parsing: full parse of each message (start line, every header, Via/From/To/CSeq/Call-ID/Content-Length values)',
  );
  const notes: string[] = [];
  const table = rows.map((r) => {
    const name = names.get(r.id) ?? r.id;
    if (!r.report) {
      notes.push(`  ${name}: not measured (${r.error ?? '?'})`);
      return [name, 'failed'];
    }
    const { perSecond, bytesPerSecond } = rate(r.report);
    return [
      name,
      r.report.stride > 1 ? `1/${r.report.stride}` : 'all',
      formatCount(perSecond),
      formatMB(bytesPerSecond),
      formatMB(median(r.report.peakRss), 0),
      formatRatio(perSecond / fastestRate),
    ];
  });
  write(
    renderTable(
      ['parser', 'sample', 'msg/s', 'MB/s', 'peak RSS MB', `speed vs ${fastestName}`],
      table,
    ),
  );
  if (rows.some((r) => (r.report?.stride ?? 1) > 1))
    write(
      '  sample 1/n: that parser was timed on every n-th message (same mix) to keep a pass near the budget; --full times all',
    );
  write('  peak RSS: whole child process, which also holds the corpus as strings');
  for (const note of notes) write(note);
  for (const r of rows) {
    if (r.report && r.report.rejected > 0)
      write(
        `  ${names.get(r.id) ?? r.id} rejected ${formatCount(r.report.rejected)} messages per pass`,
      );
  }
}

function printScaling(o: SipBenchOptions, one: PassReport | undefined): void {
  write('\nSIP parsing: scaling of our parser (time should grow in step with the input)');
  const rows: string[][] = [];
  const notes: string[] = [];
  const base = one ? median(one.passMs) : Number.NaN;
  if (one) rows.push(['corpus x1', formatMB(one.bytes), formatMs(base), '1.00x']);
  for (const repeat of [2, 4]) {
    const result = runChild<PassReport>('parse', {
      peer: 'ours',
      count: o.count,
      repeat,
      passes: o.passes,
      warmup: o.warmup,
      budgetMs: 0,
    });
    if (!result.ok) {
      rows.push([`corpus x${repeat}`, 'failed']);
      notes.push(`  corpus x${repeat}: ${result.error}`);
    } else {
      const ms = median(result.value.passMs);
      rows.push([
        `corpus x${repeat}`,
        formatMB(result.value.bytes),
        formatMs(ms),
        formatRatio(ms / base),
      ]);
    }
  }
  const shapes = runChild<ShapeRow[]>('shapes', { passes: o.passes });
  if (!shapes.ok) {
    rows.push(['pathological messages', 'failed']);
    notes.push(`  pathological messages: ${shapes.error}`);
  } else {
    for (const row of shapes.value) {
      const first = shapes.value.find((r) => r.shape === row.shape && r.factor === 1);
      rows.push([
        `${row.shape}, N=${row.factor}`,
        formatMB(row.bytes, 2),
        formatMs(row.ms),
        formatRatio(first ? row.ms / first.ms : Number.NaN),
      ]);
    }
  }
  write(renderTable(['input', 'MB', 'median', 'time vs x1'], rows));
  for (const note of notes) write(note);
}

function captureRow(label: string, r: PassReport, tsharkMs: number): string[] {
  const ms = median(r.passMs);
  return [
    label,
    formatMs(ms),
    formatCount((r.messages / ms) * 1000),
    formatMB((r.bytes / ms) * 1000),
    formatMB(median(r.peakRss), 0),
    formatRatio(tsharkMs / ms),
  ];
}

async function timeTshark(
  capture: typeof import('./capture.js'),
  file: string,
  o: SipBenchOptions,
): Promise<{ runs: { ms: number; peakRss: number; lines: number }[]; note: string }> {
  if (!o.tshark) return { runs: [], note: 'tshark: skipped (--no-tshark)' };
  if (!capture.tsharkAvailable())
    return {
      runs: [],
      note: 'tshark: not installed, row skipped (apt-get install tshark to compare)',
    };
  const runs: { ms: number; peakRss: number; lines: number }[] = [];
  for (let i = 0; i < o.warmup + o.passes; i++) {
    try {
      const run = await capture.runTshark(file);
      if (i >= o.warmup) runs.push(run);
    } catch (error) {
      return { runs: [], note: `tshark: failed (${String(error)})` };
    }
  }
  return { runs, note: '' };
}

async function captureRows(o: SipBenchOptions, corpus: readonly CorpusMessage[]): Promise<void> {
  write('\nCapture: the corpus as a classic pcap (Ethernet, IPv4, UDP), read and parsed');
  const dir = mkdtempSync(join(tmpdir(), 'sip-triage-bench-'));
  try {
    const file = join(dir, 'corpus.pcap');
    let size: number;
    let capture: typeof import('./capture.js');
    try {
      capture = await import('./capture.js');
      size = capture.writeCorpusPcap(corpus, file);
    } catch (error) {
      write(`  not measured: ${String(error).split('\n')[0]}`);
      return;
    }
    write(`  corpus.pcap: ${formatMB(size)} MB, ${formatCount(corpus.length)} packets`);
    const notes: string[] = [];
    const stream = runChild<PassReport>('capture', {
      file,
      keep: false,
      passes: o.passes,
      warmup: o.warmup,
    });
    const keep = runChild<PassReport>('capture', {
      file,
      keep: true,
      passes: o.passes,
      warmup: o.warmup,
    });
    const cold = runChild<PassReport>('capture', { file, keep: true, passes: 1, warmup: 0 });
    const tshark = await timeTshark(capture, file, o);
    const tsharkMs = tshark.runs.length > 0 ? median(tshark.runs.map((r) => r.ms)) : Number.NaN;
    const rows: string[][] = [];
    const streamLabel = 'ours: readCapture + parseMessage, streaming';
    const keepLabel = 'ours: same, every parsed message kept';
    if (stream.ok) rows.push(captureRow(streamLabel, stream.value, tsharkMs));
    else notes.push(`${streamLabel}: not measured (${stream.error})`);
    if (keep.ok) rows.push(captureRow(keepLabel, keep.value, tsharkMs));
    else notes.push(`${keepLabel}: not measured (${keep.error})`);
    const tsharkLines = tshark.runs[0]?.lines ?? 0;
    if (tshark.runs.length > 0) {
      rows.push([
        'tshark -Y sip -T fields -e sip.Call-ID, whole process',
        formatMs(tsharkMs),
        formatCount((tsharkLines / tsharkMs) * 1000),
        formatMB((size / tsharkMs) * 1000),
        formatMB(median(tshark.runs.map((r) => r.peakRss)), 0),
        '1.00x',
      ]);
    }
    write(
      renderTable(['reader', 'median', 'msg/s', 'MB/s', 'peak RSS MB', 'speed vs tshark'], rows),
    );
    if (stream.ok && stream.value.messages !== corpus.length)
      notes.push(
        `our reader found ${formatCount(stream.value.messages)} of ${formatCount(corpus.length)} messages`,
      );
    if (tshark.runs.length > 0 && tsharkLines !== corpus.length)
      notes.push(
        `tshark printed ${formatCount(tsharkLines)} Call-IDs for ${formatCount(corpus.length)} messages`,
      );
    if (tshark.note) notes.push(tshark.note);
    if (cold.ok) {
      const r = cold.value;
      const above = (r.peakRss[0] ?? 0) - r.baselineRss;
      const retained = r.retainedBytes ?? 0;
      notes.push(
        `memory (one cold read in a fresh process, every parsed message kept): peak RSS ${formatMB(above, 0)} MB above the process baseline = ${(above / size).toFixed(2)}x the capture; the kept messages hold ${formatMB(retained, 0)} MB of heap = ${formatCount(retained / Math.max(1, r.messages))} bytes per message`,
      );
    } else notes.push(`memory: not measured (${cold.error})`);
    for (const note of notes) write(`  ${note}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function extractRow(o: SipBenchOptions): void {
  write('\nPaste: 5 MB of sngrep-style text (LF line ends) through extractMessages + parseMessage');
  const result = runChild<PassReport>('extract', {
    targetBytes: 5_000_000,
    passes: o.passes,
    warmup: o.warmup,
  });
  if (!result.ok) {
    write(`  not measured: ${result.error}`);
    return;
  }
  const r = result.value;
  const ms = median(r.passMs);
  write(
    renderTable(
      ['input', 'median', 'msg/s', 'MB/s', 'peak RSS MB', 'messages found'],
      [
        [
          `${formatMB(r.bytes)} MB paste`,
          formatMs(ms),
          formatCount((r.messages / ms) * 1000),
          formatMB((r.bytes / ms) * 1000),
          formatMB(median(r.peakRss), 0),
          `${formatCount(r.messages)} of ${formatCount(r.expected ?? Number.NaN)}`,
        ],
      ],
    ),
  );
}

/** Runs every SIP benchmark and prints the tables. */
export async function runSipBenchmarks(
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  const o = parseSipBenchArgs(argv);
  const corpus = generateCorpus(o.count);
  write(`\n${describeCorpus(corpus)}`);
  write(
    `  medians of ${o.passes} timed passes after ${o.warmup} warm-up, each row in its own child process; MB = 10^6 bytes`,
  );
  await correctness(corpus, o.checkSample);
  await conformance();
  const names = new Map<PeerId, string>();
  for (const id of PEER_IDS) {
    try {
      names.set(id, (await loadPeer(id)).name);
    } catch {
      names.set(id, id);
    }
  }
  const rows = parseRows(o);
  printParseRows(rows, names);
  printScaling(o, rows.find((r) => r.id === 'ours')?.report);
  await captureRows(o, corpus);
  extractRow(o);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await runSipBenchmarks();
}
