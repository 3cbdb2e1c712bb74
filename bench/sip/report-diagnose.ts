/**
 * The diagnosis rows: the 50,000-message corpus as a pcap and a 5 MB paste,
 * each diagnosed end to end (read, parse, trace, rules, summary rendered),
 * against the targets of 1 s and 250 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CorpusMessage } from './corpus.js';
import { median } from './passes.js';
import { errorText, measureRows, rowPeakRss } from './rounds.js';
import type { SipBenchOptions } from './run.js';
import { formatCount, formatMB, formatMs, renderTable, writeLine } from './table.js';

export async function printDiagnose(
  o: SipBenchOptions,
  corpus: readonly CorpusMessage[],
): Promise<void> {
  writeLine('\nDiagnosis end to end: read, parse, trace, rules, summary card rendered');
  const dir = mkdtempSync(join(tmpdir(), 'sip-triage-bench-'));
  try {
    const file = join(dir, 'corpus.pcap');
    const { writeCorpusPcap } = await import('./capture.js');
    const size = writeCorpusPcap(corpus, file);
    const rows = await measureRows(
      [
        {
          label: `${formatCount(corpus.length)}-message pcap (${formatMB(size)} MB)`,
          task: 'diagnose',
          options: { file, warmup: o.warmup },
        },
        {
          label: '5 MB paste (sngrep-style text)',
          task: 'diagnose',
          options: { pasteBytes: 5_000_000, warmup: o.warmup },
        },
      ],
      o.passes,
    );
    const targets = [1000, 250];
    writeLine(
      renderTable(
        ['input', 'median', 'CPU', 'messages', 'peak RSS MB', 'target'],
        rows.map((row, i) => {
          if (row.error || row.samples.length === 0)
            return [row.label, `failed: ${row.error ?? '?'}`, '', '', '', ''];
          const ms = median(row.samples.map((s) => s.ms));
          const cpu = median(row.samples.map((s) => s.cpuMs));
          const target = targets[i] ?? 0;
          return [
            row.label,
            formatMs(ms),
            formatMs(cpu),
            formatCount(row.samples[0]?.messages ?? 0),
            formatMB(rowPeakRss(row), 0),
            `${formatMs(target)} (${ms <= target ? 'met' : 'missed'})`,
          ];
        }),
      ),
    );
    const [cold] = await measureRows(
      [{ label: 'cold', task: 'diagnose', options: { file, warmup: 0 } }],
      1,
    );
    const sample = cold?.samples[0];
    if (cold?.info && sample) {
      const above = sample.peakRss - cold.info.baselineRss;
      writeLine(
        `  memory (one cold diagnosis of the pcap in a fresh process): peak RSS ${formatMB(above, 0)} MB above the process baseline = ${(above / size).toFixed(2)}x the capture`,
      );
    }
  } catch (error) {
    writeLine(`  not measured: ${errorText(error)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
