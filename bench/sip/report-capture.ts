/**
 * The capture and paste sections: the corpus as a pcap read by our capture
 * reader plus parser (streaming, and keeping every message) side by side with
 * tshark's decode of the same file, the memory a full read keeps, and a
 * multi-megabyte paste through the extractor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TsharkRun } from './capture.js';
import type { CorpusMessage } from './corpus.js';
import { median } from './passes.js';
import { errorText, measureRows, rowPeakRss, rowRate } from './rounds.js';
import type { SipBenchOptions } from './run.js';
import { formatCount, formatMB, formatMs, formatRatio, renderTable, writeLine } from './table.js';

export async function printCapture(
  o: SipBenchOptions,
  corpus: readonly CorpusMessage[],
): Promise<void> {
  writeLine('\nCapture: the corpus as a classic pcap (Ethernet, IPv4, UDP), read and parsed');
  const dir = mkdtempSync(join(tmpdir(), 'sip-triage-bench-'));
  try {
    const file = join(dir, 'corpus.pcap');
    let capture: typeof import('./capture.js');
    let size: number;
    try {
      capture = await import('./capture.js');
      size = capture.writeCorpusPcap(corpus, file);
    } catch (error) {
      writeLine(`  not measured: ${errorText(error)}`);
      return;
    }
    writeLine(`  corpus.pcap: ${formatMB(size)} MB, ${formatCount(corpus.length)} packets`);
    const notes: string[] = [];

    let tshark = o.tshark && capture.tsharkAvailable();
    if (!o.tshark) notes.push('tshark: skipped (--no-tshark)');
    else if (!tshark)
      notes.push('tshark: not installed, row skipped (apt-get install tshark to compare)');
    if (tshark) {
      try {
        await capture.runTshark(file); // warm-up: binaries and the file into the page cache
      } catch (error) {
        notes.push(`tshark: failed (${errorText(error)})`);
        tshark = false;
      }
    }
    const tsharkRuns: TsharkRun[] = [];
    const rows = await measureRows(
      [
        {
          label: 'warm, in process: readCaptureBatches + parseMessage, streaming',
          task: 'capture',
          options: { file, keep: false, warmup: o.warmup },
        },
        {
          label: 'warm, in process: same, every parsed message kept',
          task: 'capture',
          options: { file, keep: true, warmup: o.warmup },
        },
      ],
      o.passes,
      async () => {
        if (!tshark) return;
        try {
          tsharkRuns.push(await capture.runTshark(file));
        } catch (error) {
          notes.push(`tshark: failed (${errorText(error)})`);
          tshark = false;
        }
      },
    );
    const tsharkMs = tsharkRuns.length > 0 ? median(tsharkRuns.map((r) => r.ms)) : Number.NaN;
    const tsharkCpuMs = tsharkRuns.length > 0 ? median(tsharkRuns.map((r) => r.cpuMs)) : Number.NaN;
    const table: string[][] = [];
    for (const row of rows) {
      if (row.error) {
        table.push([row.label, 'failed']);
        notes.push(`${row.label}: not measured (${row.error})`);
        continue;
      }
      const { ms, cpuMs, perSecond, bytesPerSecond } = rowRate(row);
      table.push([
        row.label,
        formatMs(ms),
        formatCount(perSecond),
        formatMB(bytesPerSecond),
        formatMB(rowPeakRss(row), 0),
        // A warm loop inside a process is not a peer of a whole process: no ratio.
        '-',
        formatMs(cpuMs),
        '-',
      ]);
      const found = row.samples[0]?.messages ?? 0;
      if (found !== corpus.length)
        notes.push(
          `${row.label}: found ${formatCount(found)} of ${formatCount(corpus.length)} messages`,
        );
    }
    const lines = tsharkRuns[0]?.lines ?? 0;
    if (tsharkRuns.length > 0) {
      table.push([
        'cold, whole process: tshark -Y sip -T fields -e sip.Call-ID',
        formatMs(tsharkMs),
        formatCount((lines / tsharkMs) * 1000),
        formatMB((size / tsharkMs) * 1000),
        formatMB(median(tsharkRuns.map((r) => r.peakRss)), 0),
        '1.00x',
        Number.isNaN(tsharkCpuMs) ? '-' : formatMs(tsharkCpuMs),
        Number.isNaN(tsharkCpuMs) ? '-' : '1.00x',
      ]);
      if (lines !== corpus.length)
        notes.push(
          `tshark printed ${formatCount(lines)} Call-IDs for ${formatCount(corpus.length)} messages`,
        );
    }
    writeLine(
      renderTable(
        ['reader', 'median', 'msg/s', 'MB/s', 'peak RSS MB', 'vs tshark', 'CPU', 'vs tshark (CPU)'],
        table,
      ),
    );
    notes.push(
      'the reader rows are warm loops inside one process and tshark is a whole process, so no ratio is given here: the diagnosis table below compares whole processes with tshark in the same rounds',
    );
    notes.push(await coldMemory(file, size));
    for (const note of notes) writeLine(`  ${note}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One read in a fresh process, no warm-up, every message kept: what a first `sip-triage parse` costs. */
async function coldMemory(file: string, size: number): Promise<string> {
  const [row] = await measureRows(
    [{ label: 'cold', task: 'capture', options: { file, keep: true, warmup: 0 } }],
    1,
  );
  const sample = row?.samples[0];
  if (!row?.info || !sample) return `memory: not measured (${row?.error ?? '?'})`;
  const above = sample.peakRss - row.info.baselineRss;
  const retained = sample.retainedBytes ?? 0;
  return `memory (one cold read in a fresh process, every parsed message kept): peak RSS ${formatMB(above, 0)} MB above the process baseline = ${(above / size).toFixed(2)}x the capture; the kept messages hold ${formatMB(retained, 0)} MB of heap = ${formatCount(retained / Math.max(1, sample.messages))} bytes per message`;
}

export async function printPaste(o: SipBenchOptions): Promise<void> {
  writeLine(
    '\nPaste: sngrep-style text (LF line ends) through extractMessages + parseMessage, 5 MB and its quarter and half (cost should grow in step)',
  );
  const sizes = [1_250_000, 2_500_000, 5_000_000];
  const rows = await measureRows(
    sizes.map((targetBytes) => ({
      label: `${formatMB(targetBytes, 2)} MB paste`,
      task: 'extract' as const,
      options: { targetBytes, warmup: o.warmup },
    })),
    o.passes,
  );
  const table: string[][] = [];
  const notes: string[] = [];
  const first = rows[0] && !rows[0].error ? rowRate(rows[0]).cpuMs : Number.NaN;
  for (const row of rows) {
    if (!row.info || row.error) {
      table.push([row.label, 'failed']);
      notes.push(`  ${row.label}: not measured (${row.error ?? '?'})`);
      continue;
    }
    const { ms, cpuMs, perSecond, bytesPerSecond } = rowRate(row);
    const found = row.samples[0]?.messages ?? 0;
    table.push([
      row.label,
      formatMs(ms),
      formatCount(perSecond),
      formatMB(bytesPerSecond),
      formatMB(rowPeakRss(row), 0),
      formatMs(cpuMs),
      formatRatio(cpuMs / first),
      `${formatCount(found)} of ${formatCount(row.info.expected ?? Number.NaN)}`,
    ]);
  }
  writeLine(
    renderTable(
      [
        'input',
        'median',
        'msg/s',
        'MB/s',
        'peak RSS MB',
        'CPU',
        'CPU vs smallest',
        'messages found',
      ],
      table,
    ),
  );
  for (const note of notes) writeLine(note);
}
