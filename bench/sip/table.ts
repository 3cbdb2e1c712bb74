/** Plain-text tables for the SIP benchmark: right-aligned numbers, one header row. */

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Decimal megabytes (10^6 bytes), the unit of every MB figure printed. */
export function formatMB(bytes: number, digits = 1): string {
  return (bytes / 1e6).toFixed(digits);
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms >= 10 ? 0 : 2)} ms`;
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '-';
  return ratio >= 10 ? `${ratio.toFixed(0)}x` : `${ratio.toFixed(2)}x`;
}

/** The first column is left-aligned, the others right-aligned. */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function writeLine(text: string): void {
  process.stdout.write(`${text}\n`);
}
