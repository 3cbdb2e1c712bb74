/**
 * The diagnosis rows, measured as people run it: `sip-triage diagnose FILE
 * --format json -o /dev/null` (dist/cli.cjs run as the command, see
 * bench/cli-command.ts), each run a whole fresh process (start,
 * knowledge, read, parse, trace, rules, render, exit), next to tshark's
 * `tshark -r FILE -Y sip -T fields -e sip.Call-ID` on the same capture, in
 * the same rounds, interleaved. The captures hold the calls the way a busy
 * proxy captures them, about OPEN_DIALOGS in progress at once and every
 * packet in timestamp order (bench/sip/write-corpus.ts); the same messages
 * call by call, each dialog's back to back, make a second row. A 1-packet
 * capture gives the process baseline that the memory target counts from. Then growth: the 4x capture
 * (time above the baseline process, and the rules step measured in a
 * process of its own, bench/sip/diagnose-steps.ts), and the 16x capture
 * (800,000 messages, about 540 MB; `--no-big` leaves it out) with the input
 * limits raised through SIP_MAX_INPUT_BYTES and SIP_MAX_MESSAGES. Every capture is
 * generated into a temporary directory and deleted afterwards.
 *
 * "cold process": a fresh node process per run (the file is in the page
 * cache after the warm-up run, as for tshark). "in process": one step timed
 * inside a fresh process, its first and only run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_COMMAND, commandPath } from '../cli-command.js';
import type { CorpusMessage } from './corpus.js';
import { median } from './passes.js';
import { renderPaste } from './paste.js';
import { type ProcessRun, runProcess } from './process-run.js';
import { errorText } from './rounds.js';
import type { SipBenchOptions } from './run.js';
import { formatCount, formatMB, formatMs, formatRatio, renderTable, writeLine } from './table.js';
import { interleavedMessages, OPEN_DIALOGS, writeCorpusFile } from './write-corpus.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const STEPS = join(ROOT, 'bench', 'sip', 'diagnose-steps.ts');

interface ProcessRow {
  label: string;
  kind: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  /** Piped into the process's standard input. */
  stdinFile?: string;
  /** Runs in the first this many rounds only (the large captures); every round when unset. */
  rounds?: number;
  runs: ProcessRun[];
  error?: string;
}

/** Limits raised to take a whole capture of `bytes` and `messages`. */
function raisedLimits(bytes: number, messages: number): Record<string, string> {
  return {
    SIP_MAX_INPUT_BYTES: String(bytes + 1_000_000),
    SIP_MAX_MESSAGES: String(messages + 1_000),
  };
}

function diagnoseRow(label: string, file: string, env?: Record<string, string>): ProcessRow {
  return {
    label,
    kind: 'cold, whole process',
    command: CLI_COMMAND,
    args: ['diagnose', file, '--format', 'json', '-o', '/dev/null'],
    env: { ...env, PATH: commandPath() },
    runs: [],
  };
}

async function runRows(rows: readonly ProcessRow[], rounds: number, cwd: string): Promise<void> {
  // One warm-up run each (files into the page cache, binaries loaded), then rounds.
  for (let round = -1; round < rounds; round++) {
    for (const row of rows) {
      if (row.error !== undefined || round >= (row.rounds ?? rounds)) continue;
      try {
        const run = await runProcess(row.command, row.args, {
          env: row.env,
          cwd,
          ...(row.stdinFile === undefined ? {} : { stdinFile: row.stdinFile }),
        });
        if (round >= 0) row.runs.push(run);
      } catch (error) {
        row.error = errorText(error);
      }
    }
  }
}

const ms = (row: ProcessRow | undefined): number =>
  row === undefined || row.runs.length === 0 ? Number.NaN : median(row.runs.map((r) => r.ms));
const rss = (row: ProcessRow | undefined): number =>
  row === undefined || row.runs.length === 0
    ? Number.NaN
    : Math.max(...row.runs.map((r) => r.peakRss));
const cpuMs = (row: ProcessRow | undefined): number =>
  row === undefined || row.runs.length === 0 ? Number.NaN : median(row.runs.map((r) => r.cpuMs));
const verdict = (met: boolean): string => (met ? 'met' : 'MISSED');

/**
 * How many times faster `ours` ran than `peer`, as the median of each
 * round's ratio: the two run back to back in a round, so a slow moment of a
 * shared machine weighs on both of a round's runs rather than on one row's
 * median (one bench run had tshark's median at 4.95 s against 2.8-3.1 s in
 * the runs around it, which made a 2.9x round-by-round ratio read 3.4x).
 */
function pairedSpeed(ours: ProcessRow, peer: ProcessRow): number {
  const rounds = Math.min(ours.runs.length, peer.runs.length);
  if (peer.error !== undefined || rounds === 0) return Number.NaN;
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++)
    ratios.push((peer.runs[i] as ProcessRun).ms / (ours.runs[i] as ProcessRun).ms);
  return median(ratios);
}

/**
 * How much more a run took than the 1x one, counting only what it took above
 * the baseline process: by wall time (the target) and by CPU time (which a
 * busy shared machine does not blur).
 */
function growth(
  row: ProcessRow,
  one: ProcessRow,
  baseline: ProcessRow,
): { wall: number; cpu: number } {
  // From the rounds `row` ran in (the first ones): the 1x rows run in more.
  const same = (r: ProcessRow): ProcessRow => ({ ...r, runs: r.runs.slice(0, row.runs.length) });
  const [b, o] = [same(baseline), same(one)];
  return {
    wall: (ms(row) - ms(b)) / (ms(o) - ms(b)),
    cpu: (cpuMs(row) - cpuMs(b)) / (cpuMs(o) - cpuMs(b)),
  };
}

interface Steps {
  messages: number;
  steps: Record<string, number>;
  cpu: Record<string, number>;
  peakRss: number;
}

/** bench/sip/diagnose-steps.ts on `file` in a fresh process. */
async function runSteps(file: string, env: Record<string, string> | undefined): Promise<Steps> {
  let line = '';
  await new Promise<void>((done, fail) => {
    // --expose-gc: each step starts after a full collection (see diagnose-steps.ts).
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', STEPS, file], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      line += chunk;
    });
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`steps exited ${code}`))));
  });
  return JSON.parse(line) as Steps;
}

export async function printDiagnose(
  o: SipBenchOptions,
  corpus: readonly CorpusMessage[],
): Promise<void> {
  writeLine(
    '\nDiagnosis as a whole process: `sip-triage diagnose FILE --format json -o /dev/null` (dist/cli.cjs run as the command), a fresh process per run, rows interleaved round by round',
  );
  const dir = mkdtempSync(join(tmpdir(), 'sip-triage-bench-'));
  try {
    // The rows run the built CLI: build it as it is now.
    const build = await runProcess('npm', ['run', 'build', '--silent'], { cwd: ROOT }).catch(
      (error: unknown) => error,
    );
    if (build instanceof Error)
      writeLine(`  note: npm run build reported errors (${build.message}); dist/ may be stale`);

    const count = o.count;
    const one = join(dir, 'one.pcap');
    writeCorpusFile(one, 1);
    const x1 = join(dir, 'x1.pcap');
    const x1Bytes = writeCorpusFile(x1, count, 'interleaved');
    const x1Calls = join(dir, 'x1-call-by-call.pcap');
    writeCorpusFile(x1Calls, count, 'call-by-call');
    const x4 = join(dir, 'x4.pcap');
    const x4Bytes = writeCorpusFile(x4, count * 4, 'interleaved');
    const paste = join(dir, 'paste.txt');
    // The paste in capture order too: what sngrep shows of a busy proxy, saved as text.
    const pasteText = renderPaste([...interleavedMessages(corpus.length)], 5_000_000);
    writeFileSync(paste, pasteText.text);

    // The large captures take most of a round (the 16x about 8 s): they run in the first
    // `passes` rounds. The 1x rows run in all of them: on this bench's machine a whole process
    // runs at one of two speeds (about a third apart) for its life, drawn at its start, so a
    // median of a few rounds, and the round-by-round ratio to tshark, swing with the draws.
    const passes = Math.min(o.passes, 5);
    const rounds = Math.max(o.diagnoseRounds, passes);
    writeLine(
      `  ${rounds} rounds after a warm-up run of each row (the 4x and 16x captures in the first ${passes}); medians`,
    );
    const baseline = diagnoseRow('1-packet capture (process baseline)', one);
    const ours = diagnoseRow(
      `${formatCount(count)}-message pcap (${formatMB(x1Bytes)} MB), ~${OPEN_DIALOGS} calls interleaved`,
      x1,
    );
    const callByCall = diagnoseRow(
      `the same ${formatCount(count)} messages call by call (each dialog back to back)`,
      x1Calls,
    );
    // Piped, the capture is spooled to a temporary file as it is read, and read again from there.
    const piped: ProcessRow = {
      ...diagnoseRow('the same pcap piped in: `cat pcap | sip-triage diagnose -`', '-'),
      stdinFile: x1,
    };
    // For reference: the same command started as `node dist/cli.cjs`, without the launcher's
    // settings (Node's four helper threads on any machine, glibc's own trimming of freed memory).
    const byNode: ProcessRow = {
      ...ours,
      label: "the same pcap, `node dist/cli.cjs` (no launcher: Node's and glibc's defaults)",
      command: process.execPath,
      args: [CLI_COMMAND, ...ours.args],
      runs: [],
    };
    const tshark: ProcessRow = {
      label: `tshark -Y sip -T fields -e sip.Call-ID, same pcap`,
      kind: 'cold, whole process',
      command: 'tshark',
      args: ['-r', x1, '-Y', 'sip', '-T', 'fields', '-e', 'sip.Call-ID'],
      runs: [],
    };
    const pasteRow = diagnoseRow(
      `${formatMB(Buffer.byteLength(pasteText.text))} MB paste, ${formatCount(pasteText.messages)} messages (sngrep-style text, interleaved)`,
      paste,
    );
    // A capture `times` the 1x one, with the limits raised to take it whole; it runs in the first
    // `passes` rounds with the others, so its ratio to 1x is taken from rounds alike.
    const largeRow = (times: number, file: string, bytes: number): ProcessRow => ({
      ...diagnoseRow(
        `${times}x: ${formatCount(count * times)}-message pcap (${formatMB(bytes)} MB), limits raised`,
        file,
        raisedLimits(bytes, count * times),
      ),
      rounds: passes,
    });
    const x4Row = largeRow(4, x4, x4Bytes);
    const x16 = join(dir, 'x16.pcap');
    const x16Bytes = o.big ? writeCorpusFile(x16, count * 16, 'interleaved') : 0;
    const x16Row = largeRow(16, x16, x16Bytes);
    const rows = [
      baseline,
      ours,
      ...(o.tshark ? [tshark] : []),
      byNode,
      piped,
      callByCall,
      pasteRow,
      x4Row,
      ...(o.big ? [x16Row] : []),
    ];
    await runRows(rows, rounds, dir);
    rmSync(x16, { force: true });

    const baseRss = rss(baseline);
    const tsharkMs = ms(tshark);
    const table: string[][] = rows.map((row) => {
      if (row.error !== undefined) {
        const missing = row === tshark && /ENOENT/.test(row.error);
        return [
          row.label,
          row.kind,
          missing ? 'not installed (apt-get install tshark)' : `failed: ${row.error}`,
        ];
      }
      const runs = row.runs.map((r) => formatMs(r.ms)).join(' / ');
      const cpu = median(row.runs.map((r) => r.cpuMs));
      let target = '';
      if (row === ours) {
        const speed = pairedSpeed(ours, tshark);
        const above = rss(ours) - baseRss;
        target = [
          `< 1.00 s: ${verdict(ms(ours) < 1000)}`,
          Number.isFinite(speed)
            ? `>= 3x tshark (${formatRatio(speed)} round by round; ${formatRatio(tsharkMs / ms(ours))} of the medians): ${verdict(speed >= 3)}`
            : 'tshark not run',
          `RSS above baseline < 2x capture (${formatRatio(above / x1Bytes)}): ${verdict(above < 2 * x1Bytes)}`,
        ].join('; ');
      } else if (row === byNode) {
        target = `reference: ${formatRatio(ms(byNode) / ms(ours))} the command's time`;
      } else if (row === piped) {
        const above = rss(piped) - baseRss;
        target = `< 1.00 s: ${verdict(ms(piped) < 1000)}; RSS above baseline ${formatRatio(above / x1Bytes)} the capture`;
      } else if (row === callByCall) target = `< 1.00 s: ${verdict(ms(callByCall) < 1000)}`;
      else if (row === pasteRow) target = `< 500 ms: ${verdict(ms(pasteRow) < 500)}`;
      else if (row === x4Row) {
        const ratio = growth(x4Row, ours, baseline);
        target = `time above baseline 4x/1x = ${formatRatio(ratio.wall)} (<= 4.4x: ${verdict(ratio.wall <= 4.4)}); CPU ${formatRatio(ratio.cpu)}`;
      } else if (row === x16Row) {
        const ratio = growth(x16Row, ours, baseline);
        target = `RSS < 600 MB: ${verdict(rss(x16Row) < 600e6)}; time above baseline 16x/1x = ${formatRatio(ratio.wall)} (<= 17.6x: ${verdict(ratio.wall <= 17.6)}); CPU ${formatRatio(ratio.cpu)}`;
      }
      return [
        row.label,
        row.kind,
        formatMs(ms(row)),
        runs,
        Number.isFinite(cpu) ? formatMs(cpu) : '-',
        formatMB(rss(row), 0),
        row === baseline || row === tshark ? '' : formatMB(rss(row) - baseRss, 0),
        target,
      ];
    });
    writeLine(
      renderTable(
        ['input', 'measured', 'median', 'runs', 'CPU', 'peak RSS MB', 'above baseline', 'target'],
        table,
      ),
    );
    if (!o.tshark) writeLine('  tshark: skipped (--no-tshark)');

    // The steps in process, 1x and 4x, to see which one grows faster than the input.
    const stepRuns: [Steps[], Steps[]] = [[], []];
    for (let round = 0; round < Math.min(passes, 3); round++) {
      stepRuns[0].push(await runSteps(x1, undefined));
      stepRuns[1].push(await runSteps(x4, raisedLimits(x4Bytes, count * 4)));
    }
    const names = Object.keys(stepRuns[0][0]?.steps ?? {});
    const step = (runs: Steps[], name: string): number =>
      median(runs.map((r) => r.steps[name] ?? Number.NaN));
    writeLine(
      renderTable(
        [
          'step (in process, cold: first run in a fresh process, after a full GC)',
          '1x',
          '4x',
          '4x/1x',
          'target',
          'CPU 1x',
          'CPU 4x',
          'CPU 4x/1x',
        ],
        names.map((name) => {
          const ratio = step(stepRuns[1], name) / step(stepRuns[0], name);
          const cpu0 = median(stepRuns[0].map((r) => r.cpu[name] ?? Number.NaN));
          const cpu1 = median(stepRuns[1].map((r) => r.cpu[name] ?? Number.NaN));
          return [
            name,
            formatMs(step(stepRuns[0], name)),
            formatMs(step(stepRuns[1], name)),
            formatRatio(ratio),
            `<= 4.4x: ${verdict(ratio <= 4.4)}`,
            formatMs(cpu0),
            formatMs(cpu1),
            formatRatio(cpu1 / cpu0),
          ];
        }),
      ),
    );
    rmSync(x4, { force: true });

    if (!o.big)
      writeLine(
        `  16x (${formatCount(count * 16)} messages, about ${formatMB(x1Bytes * 16, 0)} MB): left out (--no-big)`,
      );
  } catch (error) {
    writeLine(`  not measured: ${errorText(error)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
