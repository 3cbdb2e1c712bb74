/**
 * The parsing sections: every peer's full parse of the corpus side by side,
 * with the ratio to the fastest npm peer, the scaling rows (the corpus at
 * 1x, 2x, 4x; pathological messages at 1x, 2x, 4x their base size), and
 * ours against the `sip` package with the corpus in each message order a
 * capture may show (call by call, 32 or 500 dialogs interleaved, random),
 * both reading the From/To URIs and both leaving them unread.
 */
import { CORPUS_ORDERS, describeOrder } from './corpus-order.js';
import { median } from './passes.js';
import { loadPeer, NPM_PEER_IDS, PEER_IDS, type PeerId } from './peers.js';
import {
  type MeasuredRow,
  measureRows,
  measureRowsInProcesses,
  rowPeakRss,
  rowRate,
} from './rounds.js';
import type { SipBenchOptions } from './run.js';
import { formatCount, formatMB, formatMs, formatRatio, renderTable, writeLine } from './table.js';
import type { ShapeRow } from './worker.js';
import { runOnce } from './worker-session.js';

async function peerName(id: PeerId): Promise<string> {
  try {
    return (await loadPeer(id)).name;
  } catch {
    return id;
  }
}

export async function printParsing(o: SipBenchOptions): Promise<void> {
  const ids = [...PEER_IDS];
  const specs = await Promise.all(
    ids.map(async (id) => ({
      label: await peerName(id),
      task: 'parse' as const,
      options: { peer: id, count: o.count, repeat: 1, warmup: o.warmup, budgetMs: o.budgetMs },
    })),
  );
  // The scaling rows for our parser join the same rounds.
  for (const repeat of [2, 4]) {
    specs.push({
      label: `corpus x${repeat}`,
      task: 'parse',
      options: { peer: 'ours', count: o.count, repeat, warmup: o.warmup, budgetMs: 0 },
    });
  }
  const rows = await measureRows(specs, o.passes);
  const peerRows = rows.slice(0, ids.length);
  printPeerTable(ids, peerRows);
  const ours = peerRows[ids.indexOf('ours')];
  printScaling(o, ours, rows.slice(ids.length));
  await printShapes(o);
}

function printPeerTable(ids: readonly PeerId[], rows: readonly MeasuredRow[]): void {
  let fastest: MeasuredRow | undefined;
  rows.forEach((row, i) => {
    const id = ids[i];
    if (!id || !NPM_PEER_IDS.includes(id) || row.error || row.samples.length === 0) return;
    if (!fastest || rowRate(row).perSecond > rowRate(fastest).perSecond) fastest = row;
  });
  const fastestRate = fastest ? rowRate(fastest).perSecond : Number.NaN;
  let fastestCpu: MeasuredRow | undefined;
  rows.forEach((row, i) => {
    const id = ids[i];
    if (!id || !NPM_PEER_IDS.includes(id) || row.error || row.samples.length === 0) return;
    if (!fastestCpu || rowRate(row).perCpuSecond > rowRate(fastestCpu).perCpuSecond)
      fastestCpu = row;
  });
  const fastestCpuRate = fastestCpu ? rowRate(fastestCpu).perCpuSecond : Number.NaN;
  writeLine(
    '\nSIP parsing: full parse of each message (start line, every header, Via/From/To/CSeq/Call-ID/Content-Length values)',
  );
  const notes: string[] = [];
  const table = rows.map((row) => {
    if (row.error || !row.info) {
      notes.push(`  ${row.label}: not measured (${row.error ?? '?'})`);
      return [row.label, 'failed'];
    }
    const { perSecond, perCpuSecond, bytesPerSecond } = rowRate(row);
    if (row.samples.some((s) => s.rejected > 0))
      notes.push(
        `  ${row.label} rejected ${formatCount(median(row.samples.map((s) => s.rejected)))} messages per pass`,
      );
    return [
      row.label,
      row.info.stride > 1 ? `1/${row.info.stride}` : 'all',
      formatCount(perSecond),
      formatMB(bytesPerSecond),
      formatMB(rowPeakRss(row), 0),
      formatRatio(perSecond / fastestRate),
      formatCount(perCpuSecond),
      formatRatio(perCpuSecond / fastestCpuRate),
    ];
  });
  writeLine(
    renderTable(
      [
        'parser',
        'sample',
        'msg/s',
        'MB/s',
        'peak RSS MB',
        'vs fastest npm',
        'msg per CPU s',
        'vs fastest npm (CPU)',
      ],
      table,
    ),
  );
  if (rows.some((r) => (r.info?.stride ?? 1) > 1))
    writeLine(
      '  sample 1/n: that parser was timed on every n-th message (same mix) to keep a pass near the budget; --full times all',
    );
  writeLine(
    `  fastest npm peer: ${fastest?.label ?? '-'} by wall clock, ${fastestCpu?.label ?? '-'} by CPU time`,
  );
  writeLine(
    '  msg/s and MB/s by wall clock; "per CPU s" counts the process\'s own CPU time (GC threads included), steadier on a busy machine',
  );
  writeLine('  peak RSS: the whole child process, which also holds the corpus as strings');
  for (const note of notes) writeLine(note);
}

function printScaling(
  o: SipBenchOptions,
  one: MeasuredRow | undefined,
  more: readonly MeasuredRow[],
): void {
  writeLine('\nSIP parsing: scaling of our parser (time should grow in step with the input)');
  const rows: string[][] = [];
  const notes: string[] = [];
  const base = one && !one.error ? rowRate(one).ms : Number.NaN;
  const baseCpu = one && !one.error ? rowRate(one).cpuMs : Number.NaN;
  for (const row of one ? [{ ...one, label: 'corpus x1' }, ...more] : more) {
    if (row.error || !row.info) {
      rows.push([row.label, 'failed']);
      notes.push(`  ${row.label}: ${row.error ?? '?'}`);
      continue;
    }
    const { ms, cpuMs } = rowRate(row);
    rows.push([
      row.label,
      formatMB(row.info.bytes),
      formatMs(ms),
      formatRatio(ms / base),
      formatMs(cpuMs),
      formatRatio(cpuMs / baseCpu),
    ]);
  }
  writeLine(renderTable(['input', 'MB', 'median', 'time vs x1', 'CPU', 'CPU vs x1'], rows));
  for (const note of notes) writeLine(note);
  if (o.count < 50_000) writeLine('  (a small corpus: the x1 row is short, so its ratio is noisy)');
}

async function printShapes(o: SipBenchOptions): Promise<void> {
  writeLine(
    '\nSIP parsing: pathological single messages at 1x, 2x, 4x their base size (ours, limits raised)',
  );
  let shapes: ShapeRow[];
  try {
    shapes = await runOnce<ShapeRow[]>('shapes', { passes: o.passes });
  } catch (error) {
    writeLine(`  not measured: ${String(error).split('\n')[0]}`);
    return;
  }
  const rows = shapes.map((row) => {
    const first = shapes.find((r) => r.shape === row.shape && r.factor === 1);
    return [
      `${row.shape}, N=${row.factor}`,
      formatMB(row.bytes, 2),
      formatMs(row.ms),
      formatRatio(first ? row.ms / first.ms : Number.NaN),
    ];
  });
  writeLine(renderTable(['input', 'MB', 'median CPU', 'CPU vs N=1'], rows));
}

/** What our parser must reach against the `sip` package in every message order (issue 13). */
const ORDER_TARGET = 2;

/**
 * Two pairs, like with like: ours and `sip` both reading the From/To URI
 * hosts, then both leaving the URIs unread (see sip-package-peer.ts).
 */
const ORDER_PEERS: readonly PeerId[] = ['ours', 'sip', 'ours-text-uri', 'sip-text-uri'];

/**
 * Ours and the `sip` package on the same messages in each order, every row
 * warm and in a process of its own, all rows' passes taken in turns. Each
 * child first checks every value its peer read against the corpus, in the
 * timed order.
 */
export async function printOrders(o: SipBenchOptions): Promise<void> {
  const specs = CORPUS_ORDERS.flatMap((order) =>
    ORDER_PEERS.map((peer) => ({
      label: `${describeOrder(order)}: ${peer}`,
      task: 'parse' as const,
      options: {
        peer,
        count: o.count,
        repeat: 1,
        warmup: o.warmup,
        budgetMs: 0,
        order,
        verify: true,
      },
    })),
  );
  const rows = await measureRowsInProcesses(specs, o.passes, o.orderProcesses);
  writeLine(
    `\nSIP parsing by message order: ours vs the sip package, warm, in process (target >= ${formatRatio(ORDER_TARGET)} in every order)`,
  );
  const table: string[][] = [];
  const notes: string[] = [];
  const verdict = (wall: number, cpu: number, wrong: number): string =>
    wall >= ORDER_TARGET && cpu >= ORDER_TARGET && wrong === 0 ? 'met' : 'MISSED';
  CORPUS_ORDERS.forEach((order, i) => {
    const [ours, sip, oursText, sipText] = ORDER_PEERS.map(
      (_, k) => rows[i * ORDER_PEERS.length + k],
    );
    const label = describeOrder(order);
    const failed = [ours, sip, oursText, sipText].find(
      (r) => !r || r.error || r.samples.length === 0,
    );
    if (!ours || !sip || !oursText || !sipText || failed) {
      table.push([label, 'failed']);
      notes.push(`  ${label}: ${failed?.label ?? '?'} not measured (${failed?.error ?? '?'})`);
      return;
    }
    const wrongOf = (row: MeasuredRow): number => row.info?.wrongValues ?? 0;
    for (const row of [ours, sip, oursText, sipText]) {
      if (wrongOf(row) > 0)
        notes.push(`  ${row.label}: ${formatCount(wrongOf(row))} wrong or missing values`);
    }
    const pair = (mine: MeasuredRow, theirs: MeasuredRow): string[] => {
      const a = rowRate(mine);
      const b = rowRate(theirs);
      return [
        formatCount(a.perCpuSecond),
        formatCount(b.perCpuSecond),
        formatRatio(a.perCpuSecond / b.perCpuSecond),
        formatRatio(a.perSecond / b.perSecond),
        verdict(
          a.perSecond / b.perSecond,
          a.perCpuSecond / b.perCpuSecond,
          wrongOf(mine) + wrongOf(theirs),
        ),
      ];
    };
    table.push([label, ...pair(ours, sip), ...pair(oursText, sipText)]);
  });
  writeLine(
    renderTable(
      [
        'order',
        'ours msg/CPU s',
        'sip msg/CPU s',
        'ratio CPU',
        'ratio wall',
        `>= ${formatRatio(ORDER_TARGET)}`,
        'ours URI unread',
        'sip URI as text',
        'ratio CPU',
        'ratio wall',
        `>= ${formatRatio(ORDER_TARGET)}`,
      ],
      table,
    ),
  );
  writeLine(
    `  ${formatCount(o.count)} messages, the same ones in every order; each row in ${o.orderProcesses} child process${o.orderProcesses === 1 ? '' : 'es'} one after another, ${o.passes} timed pass${o.passes === 1 ? '' : 'es'} in each, medians of all ${o.orderProcesses * o.passes}; "met": both ratios >= ${formatRatio(ORDER_TARGET)} and no wrong value`,
  );
  writeLine(
    '  several children per row: on this machine a whole process runs either at its usual speed or about a third slower, and stays so (both peers, pinned to either core or not), so one child per row could pit a fast draw against a slow one',
  );
  writeLine(
    '  interleaved: N calls open at once, each next message from one of them at random, a new call replacing one that ends; random: the whole corpus shuffled',
  );
  writeLine(
    '  every row reads per message: method or status, Call-ID, CSeq, From/To tags, every Via (count, hosts, top branch), Content-Length, each value checked against the corpus in the timed order before timing',
  );
  writeLine(
    '  first pair: ours and sip also read the From/To URI hosts, both parsing the URIs. Second pair: both leave the From/To URIs unread (the fields the issue names, no more); sip then keeps them as text, ours parses them on first read, so not here',
  );
  writeLine(
    '  sip splits every header and parses Via, From/To, Contact, Route, CSeq and the auth headers eagerly with regexes and checks no grammar; ours splits every header and builds Via/From/To/Call-ID/CSeq/Max-Forwards/Content-Length with their grammar checks, leaving the From/To URIs, Contact, Route and the Request-URI (and their grammar checks) to first access',
  );
  for (const note of notes) writeLine(note);
}
