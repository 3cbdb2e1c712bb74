/**
 * The ladder of a diagnosis as monospace text: element names across the
 * top, one row per arrow with the clock time and the delta to the previous
 * row when the trace has times. It fits in LADDER_WIDTH columns, and a long
 * ladder keeps its start and end with a marker where the middle was left
 * out, so a chat message stays readable.
 */
import { cutAtWord } from '../diagnose/build-ladder.js';
import type { Ladder, LadderArrow } from '../diagnose/types.js';

export const LADDER_WIDTH = 100;
/** Rows kept before the middle is left out. */
const MAX_ROWS = 40;
const TIME_WIDTH = 24;

/** "INVITE", or "INVITE x4" for four copies. */
export function arrowLabel(a: LadderArrow): string {
  return `${a.label}${a.count > 1 ? ` x${a.count}` : ''}`;
}

/** "09:00:00.040 +40ms": the clock time, and the delta to the previous time when there is one. */
function timeText(micros: number | undefined, previous: number | undefined): string {
  if (micros === undefined) return '';
  const d = new Date(Math.floor(micros / 1000));
  const clock = Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(11, 23);
  if (previous === undefined) return clock;
  const delta = (micros - previous) / 1000;
  return `${clock} +${delta >= 1000 ? `${(delta / 1000).toFixed(2)}s` : `${delta.toFixed(0)}ms`}`;
}

/** The time column of every arrow; deltas run over all arrows, also those left out later. */
function timeTexts(arrows: readonly LadderArrow[]): string[] {
  let previous: number | undefined;
  return arrows.map((a) => {
    const text = timeText(a.time, previous);
    previous = a.time ?? previous;
    return text;
  });
}

export function renderLadder(ladder: Ladder): string {
  const { columns, arrows } = ladder;
  if (arrows.length === 0) return '(no SIP messages)';
  const times = timeTexts(arrows);
  const timeWidth = times.some((t) => t !== '') ? TIME_WIDTH : 0;
  const count = Math.max(2, columns.length);
  // Columns are 14 wide or more, unless there are so many that the last would
  // fall past the edge: then they close up to fit.
  const span = Math.min(
    Math.max(14, Math.floor((LADDER_WIDTH - timeWidth - 2) / count)),
    Math.floor((LADDER_WIDTH - timeWidth) / count),
  );
  const centre = (c: number): number => timeWidth + Math.floor(span / 2) + c * span;
  const width = Math.min(LADDER_WIDTH, timeWidth + span * count);
  const lines: string[] = [];
  const head = [...' '.repeat(width)];
  columns.forEach((column, c) => {
    const t = column.title.slice(0, span - 1);
    const start = Math.max(timeWidth, centre(c) - Math.floor(t.length / 2));
    for (let k = 0; k < t.length && start + k < width; k++) head[start + k] = t[k] as string;
  });
  lines.push(head.join('').trimEnd());
  const rows = arrows.map((a, k) => ({ a, time: times[k] as string }));
  const kept =
    rows.length <= MAX_ROWS
      ? rows
      : [...rows.slice(0, MAX_ROWS / 2), undefined, ...rows.slice(-MAX_ROWS / 2)];
  for (const row of kept) {
    const cells = [...' '.repeat(width)];
    for (let c = 0; c < columns.length; c++) cells[centre(c)] = '|';
    if (row === undefined) {
      const text = `... ${arrows.length - MAX_ROWS} messages left out ...`;
      lines.push(text.padStart(Math.floor((width + text.length) / 2)));
      continue;
    }
    const { a } = row;
    const time = row.time.padEnd(timeWidth).slice(0, timeWidth);
    for (let k = 0; k < time.length; k++) cells[k] = time[k] as string;
    const left = Math.min(centre(a.from), centre(a.to));
    const right = Math.max(centre(a.from), centre(a.to));
    if (left === right) {
      const text = ` ${arrowLabel(a)} (loop)`;
      for (let k = 0; k < text.length && left + 1 + k < width; k++)
        cells[left + 1 + k] = text[k] as string;
    } else {
      for (let k = left + 1; k < right; k++) cells[k] = '-';
      if (centre(a.to) > centre(a.from)) cells[right - 1] = '>';
      else cells[left + 1] = '<';
      const text = cutAtWord(arrowLabel(a), Math.max(0, right - left - 4));
      const start = left + 2 + Math.max(0, Math.floor((right - left - 3 - text.length) / 2));
      for (let k = 0; k < text.length; k++) cells[start + k] = text[k] as string;
    }
    lines.push(cells.join('').trimEnd());
  }
  return lines.join('\n');
}
