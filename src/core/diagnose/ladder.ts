/**
 * The ladder diagram: one column per element (named by address, with its
 * Server/User-Agent when known), one arrow per message labelled with the
 * method or code, the time and the delta to the previous line when the
 * trace has times. Retransmissions collapse into one arrow ("INVITE x6"),
 * the whole fits in 100 columns, and a long ladder keeps its start and end
 * with a marker where the middle was left out. The same flow is also
 * written as a Mermaid sequenceDiagram.
 */
import { formatEndpoint } from '../sip/message-summary.js';
import type { DiagnoseContext } from './context.js';

export const LADDER_WIDTH = 100;
/** Arrows kept before the middle is elided. */
const MAX_ARROWS = 40;

interface Arrow {
  from: number;
  to: number;
  label: string;
  time: string;
  index: number;
}

function label(ctx: DiagnoseContext, i: number): string {
  const m = ctx.kept(i);
  if (m === undefined) return '?';
  return m.kind === 'request' ? (m.method ?? '?') : `${m.code ?? '?'} ${m.reason ?? ''}`.trim();
}

function timeOf(micros: number | undefined, previous: number | undefined): string {
  if (micros === undefined) return '';
  const d = new Date(Math.floor(micros / 1000));
  const clock = Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(11, 23);
  if (previous === undefined) return clock;
  const delta = (micros - previous) / 1000;
  return `${clock} +${delta >= 1000 ? `${(delta / 1000).toFixed(2)}s` : `${delta.toFixed(0)}ms`}`;
}

function build(ctx: DiagnoseContext, indexes: readonly number[]) {
  const names: string[] = [];
  const column = (name: string): number => {
    let c = names.indexOf(name);
    if (c < 0) {
      names.push(name);
      c = names.length - 1;
    }
    return c;
  };
  const arrows: (Arrow & { count: number })[] = [];
  let previous: number | undefined;
  for (const i of indexes) {
    const m = ctx.kept(i);
    if (m === undefined || m.kind === 'unknown') continue;
    const from = column(ctx.redactor.text(formatEndpoint(m.source.src) ?? 'caller'));
    const to = column(ctx.redactor.text(formatEndpoint(m.source.dst) ?? 'callee'));
    const text = ctx.redactor.text(label(ctx, i)).slice(0, 28);
    const last = arrows[arrows.length - 1];
    if (last !== undefined && last.from === from && last.to === to && last.label === text) {
      last.count++;
      continue;
    }
    arrows.push({
      from,
      to,
      label: text,
      time: timeOf(m.source.epochMicros, previous),
      index: i,
      count: 1,
    });
    previous = m.source.epochMicros ?? previous;
  }
  return { names, arrows };
}

/** Elements of the ladder with their product names when the trace gives them. */
function columnTitles(ctx: DiagnoseContext, names: string[], indexes: readonly number[]): string[] {
  return names.map((name) => {
    for (const i of indexes) {
      const m = ctx.kept(i);
      if (m === undefined || ctx.redactor.text(formatEndpoint(m.source.src) ?? '') !== name)
        continue;
      const product = ctx.detail(i)?.header(m.kind === 'request' ? 'user-agent' : 'server')?.value;
      if (product !== undefined) return `${name} ${ctx.redactor.text(product)}`;
      break;
    }
    return name;
  });
}

/** The monospace ladder of the messages `indexes` (input order). */
export function renderLadder(ctx: DiagnoseContext, indexes: readonly number[]): string {
  const { names, arrows } = build(ctx, indexes.slice(0, 5000));
  if (arrows.length === 0) return '(no SIP messages)';
  const timeWidth = arrows.some((a) => a.time !== '') ? 24 : 0;
  const columns = Math.max(2, names.length);
  const span = Math.max(14, Math.floor((LADDER_WIDTH - timeWidth - 2) / columns));
  const centre = (c: number): number => timeWidth + Math.floor(span / 2) + c * span;
  const width = Math.min(LADDER_WIDTH, timeWidth + span * columns);
  const titles = columnTitles(ctx, names, indexes).map((t) => t.slice(0, span - 1));
  const lines: string[] = [];
  const head = [...' '.repeat(width)];
  titles.forEach((t, c) => {
    const start = Math.max(timeWidth, centre(c) - Math.floor(t.length / 2));
    for (let k = 0; k < t.length && start + k < width; k++) head[start + k] = t[k] as string;
  });
  lines.push(head.join('').trimEnd());
  const kept =
    arrows.length <= MAX_ARROWS
      ? arrows
      : [...arrows.slice(0, MAX_ARROWS / 2), undefined, ...arrows.slice(-MAX_ARROWS / 2)];
  for (const a of kept) {
    const row = [...' '.repeat(width)];
    for (let c = 0; c < names.length; c++) row[centre(c)] = '|';
    if (a === undefined) {
      const text = `... ${arrows.length - MAX_ARROWS} messages left out ...`;
      lines.push(text.padStart(Math.floor((width + text.length) / 2)));
      continue;
    }
    const time = a.time.padEnd(timeWidth).slice(0, timeWidth);
    for (let k = 0; k < time.length; k++) row[k] = time[k] as string;
    const left = Math.min(centre(a.from), centre(a.to));
    const right = Math.max(centre(a.from), centre(a.to));
    if (left === right) {
      const text = ` ${a.label}${a.count > 1 ? ` x${a.count}` : ''} (loop)`;
      for (let k = 0; k < text.length && left + 1 + k < width; k++)
        row[left + 1 + k] = text[k] as string;
    } else {
      for (let k = left + 1; k < right; k++) row[k] = '-';
      if (centre(a.to) > centre(a.from)) row[right - 1] = '>';
      else row[left + 1] = '<';
      const text = `${a.label}${a.count > 1 ? ` x${a.count}` : ''}`.slice(0, right - left - 4);
      const start = left + 2 + Math.max(0, Math.floor((right - left - 3 - text.length) / 2));
      for (let k = 0; k < text.length; k++) row[start + k] = text[k] as string;
    }
    lines.push(row.join('').trimEnd());
  }
  return lines.join('\n');
}

function mermaidName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.:[\]-]/g, '_');
}

/** The same flow as a Mermaid sequenceDiagram. */
export function renderMermaid(ctx: DiagnoseContext, indexes: readonly number[]): string {
  const { names, arrows } = build(ctx, indexes.slice(0, 5000));
  const lines = ['sequenceDiagram'];
  names.forEach((n, c) => {
    lines.push(`    participant P${c} as ${mermaidName(n)}`);
  });
  const kept =
    arrows.length <= MAX_ARROWS * 2
      ? arrows
      : [...arrows.slice(0, MAX_ARROWS), undefined, ...arrows.slice(-MAX_ARROWS)];
  for (const a of kept) {
    if (a === undefined) {
      lines.push(`    Note over P0: ${arrows.length - MAX_ARROWS * 2} messages left out`);
      continue;
    }
    const text = `${a.label}${a.count > 1 ? ` x${a.count}` : ''}`.replace(/[;#:]/g, ' ');
    lines.push(`    P${a.from}->>P${a.to}: ${text}`);
  }
  return lines.join('\n');
}
