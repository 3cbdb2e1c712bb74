/**
 * Measured rows run side by side: every row's child is started and warmed up
 * first, then the timed passes go round-robin (row 1, row 2, ..., row 1, ...),
 * so noise from a shared machine lands on every row alike.
 */
import { median, type PassSample, type SessionInfo } from './passes.js';
import { WorkerSession } from './worker-session.js';

export interface RowSpec {
  label: string;
  task: 'parse' | 'capture' | 'extract' | 'diagnose';
  options: object;
}

export interface MeasuredRow {
  label: string;
  info?: SessionInfo;
  samples: PassSample[];
  error?: string;
}

/** Extra work timed inside each round (tshark), next to the children's passes. */
export type RoundHook = (round: number) => Promise<void>;

export async function measureRows(
  specs: readonly RowSpec[],
  passes: number,
  hook?: RoundHook,
): Promise<MeasuredRow[]> {
  const rows: MeasuredRow[] = [];
  const sessions: (WorkerSession | undefined)[] = [];
  try {
    for (const spec of specs) {
      try {
        const session = await WorkerSession.open(spec.task, spec.options);
        sessions.push(session);
        rows.push({ label: spec.label, info: session.info, samples: [] });
      } catch (error) {
        sessions.push(undefined);
        rows.push({ label: spec.label, samples: [], error: errorText(error) });
      }
    }
    for (let round = 0; round < passes; round++) {
      for (const [i, session] of sessions.entries()) {
        const row = rows[i];
        if (!session || !row || row.error) continue;
        try {
          row.samples.push(await session.pass());
        } catch (error) {
          row.error = errorText(error);
        }
      }
      await hook?.(round);
    }
  } finally {
    for (const session of sessions) session?.close();
  }
  return rows;
}

/**
 * measureRows `processes` times over, each time in fresh children (one per
 * row, all rows' passes in turns as measureRows takes them), one set after
 * the other; each row's samples are those of all its children.
 *
 * Why: on the bench's machine a whole process runs either at its usual
 * speed or about a third slower, and stays so for its life (both peers of
 * the parse rows, whatever core it is pinned to). With one child per row, a
 * pair compared a fast draw with a slow one; over several children the
 * median pass comes from the speed most of them ran at.
 */
export async function measureRowsInProcesses(
  specs: readonly RowSpec[],
  passes: number,
  processes: number,
): Promise<MeasuredRow[]> {
  const merged: MeasuredRow[] = specs.map((spec) => ({ label: spec.label, samples: [] }));
  for (let set = 0; set < processes; set++) {
    const rows = await measureRows(specs, passes);
    rows.forEach((row, i) => {
      const into = merged[i];
      if (!into || into.error) return;
      if (row.error) {
        into.error = row.error;
        return;
      }
      into.samples.push(...row.samples);
      // Every child checks its peer: the row keeps the most wrong values any of them found.
      if (into.info === undefined || (row.info?.wrongValues ?? 0) > (into.info.wrongValues ?? 0))
        into.info = row.info;
    });
  }
  return merged;
}

export function errorText(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? 'failed';
}

/** Median wall and CPU time of a pass, and the rates they give. */
export function rowRate(row: MeasuredRow): {
  ms: number;
  cpuMs: number;
  perSecond: number;
  perCpuSecond: number;
  bytesPerSecond: number;
} {
  const ms = median(row.samples.map((s) => s.ms));
  const cpuMs = median(row.samples.map((s) => s.cpuMs));
  const messages = median(row.samples.map((s) => s.messages));
  const bytes = row.info?.bytes ?? 0;
  return {
    ms,
    cpuMs,
    perSecond: (messages / ms) * 1000,
    perCpuSecond: (messages / cpuMs) * 1000,
    bytesPerSecond: (bytes / ms) * 1000,
  };
}

export function rowPeakRss(row: MeasuredRow): number {
  return median(row.samples.map((s) => s.peakRss));
}
