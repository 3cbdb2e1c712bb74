/**
 * The ladder of a diagnosis as data: one column per element (named by
 * address, with its Server/User-Agent when the trace gives one), one arrow
 * per message labelled with its method or code, consecutive copies of the
 * same message collapsed into one arrow with a count. Everything is redacted
 * here, since the answer's redactor lives with the diagnosis; how it is
 * drawn is up to render/ladder.ts and render/mermaid.ts.
 */
import { formatEndpoint } from '../sip/message-summary.js';
import type { DiagnoseContext } from './context.js';
import type { Ladder, LadderArrow } from './types.js';

/** Messages drawn at most; renderers leave out the middle of even fewer. */
const MAX_MESSAGES = 5000;
const MAX_LABEL = 28;

function label(ctx: DiagnoseContext, i: number): string {
  const m = ctx.kept(i);
  if (m === undefined) return '?';
  return m.kind === 'request' ? (m.method ?? '?') : `${m.code ?? '?'} ${m.reason ?? ''}`.trim();
}

/**
 * The element called `name` with its product: taken from the first message
 * of `indexes` it sent (User-Agent of a request, Server of a response).
 */
function titleOf(ctx: DiagnoseContext, name: string, indexes: readonly number[]): string {
  for (const i of indexes) {
    const m = ctx.kept(i);
    if (m === undefined || ctx.redactor.text(formatEndpoint(m.source.src) ?? '') !== name) continue;
    const product = ctx.detail(i)?.header(m.kind === 'request' ? 'user-agent' : 'server')?.value;
    return product === undefined ? name : `${name} ${ctx.redactor.text(product)}`;
  }
  return name;
}

/** The ladder of the messages `indexes` (input order). */
export function buildLadder(ctx: DiagnoseContext, indexes: readonly number[]): Ladder {
  const names: string[] = [];
  const column = (name: string): number => {
    let c = names.indexOf(name);
    if (c < 0) {
      names.push(name);
      c = names.length - 1;
    }
    return c;
  };
  const arrows: LadderArrow[] = [];
  for (const i of indexes.slice(0, MAX_MESSAGES)) {
    const m = ctx.kept(i);
    if (m === undefined || m.kind === 'unknown') continue;
    const from = column(ctx.redactor.text(formatEndpoint(m.source.src) ?? 'caller'));
    const to = column(ctx.redactor.text(formatEndpoint(m.source.dst) ?? 'callee'));
    const text = ctx.redactor.text(label(ctx, i)).slice(0, MAX_LABEL);
    const last = arrows[arrows.length - 1];
    if (last !== undefined && last.from === from && last.to === to && last.label === text) {
      last.count++;
      continue;
    }
    arrows.push({ from, to, label: text, time: m.source.epochMicros, count: 1, message: i });
  }
  // Products are looked for in every message, also past the ones drawn.
  const columns = names.map((name) => ({ name, title: titleOf(ctx, name, indexes) }));
  return { columns, arrows };
}
