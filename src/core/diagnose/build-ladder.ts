/**
 * The ladder of a diagnosis as data: one column per element (named by
 * address, with its Server/User-Agent when the trace gives one), one arrow
 * per message labelled with its method or code, consecutive copies of the
 * same message collapsed into one arrow with a count. Everything is redacted
 * here, since the answer's redactor lives with the diagnosis; how it is
 * drawn is up to render/ladder.ts and render/mermaid.ts.
 *
 * Where the input gives no addresses the ends are inferred, one column per
 * element: a log that gives only the far end of each message (Asterisk's
 * "SIP read from", "Transmitting to") was written by one element, which is
 * the other end of all of them; a paste without any address names a
 * request's sender by its top Via, its receiver by the element it was
 * forwarded from or its Request-URI host, and sends each response back the
 * way its request came.
 */
import { formatEndpoint } from '../sip/message-summary.js';
import type { Via } from '../sip/types.js';
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
 * `text` in at most `max` characters, cut after a whole word when it is too
 * long ("480 Temporarily…", never "480 Temporarily Unavailabl").
 */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max);
  const space = room.lastIndexOf(' ');
  const kept = space >= max / 2 ? room.slice(0, space) : room.slice(0, max - 1);
  return `${kept.trimEnd()}…`;
}

/** The element the logging side of a one-address log is called when nothing names it. */
const LOGGING_ELEMENT = 'this element';
const CALLER = 'caller';
const CALLEE = 'callee';

function sentBy(via: Via | undefined): string | undefined {
  if (via === undefined || via.host === '') return undefined;
  return via.port === undefined ? via.host : `${via.host}:${via.port}`;
}

function hostOf(name: string): string {
  const bracket = /^\[([^\]]+)\]/.exec(name);
  if (bracket) return (bracket[1] as string).toLowerCase();
  return (name.split(':')[0] ?? name).toLowerCase();
}

/** The host of a SIP URI ("sip:bob@192.0.2.10:5060;transport=udp" gives "192.0.2.10"). */
function uriHost(uri: string | undefined): string | undefined {
  if (uri === undefined) return undefined;
  const m = /^sips?:(?:[^@;?]*@)?(\[[^\]]+\]|[^:;?>]+)/i.exec(uri.trim());
  return m ? hostOf(m[1] as string) : undefined;
}

/**
 * The sender and receiver of each message of `indexes`, before redaction:
 * its addresses where the input gives them, else as inferred (see above).
 */
function endsOf(
  ctx: DiagnoseContext,
  indexes: readonly number[],
): Map<number, { from: string; to: string }> {
  const ends = new Map<number, { from: string; to: string }>();
  const vias = (i: number): readonly Via[] => ctx.detail(i)?.via ?? [];

  // A log that gives one end of each message: the element that wrote it is the other end.
  let local: string | undefined;
  for (const i of indexes) {
    const m = ctx.kept(i);
    if (m?.kind === 'request' && m.source.src === undefined && m.source.dst !== undefined) {
      local = sentBy(vias(i)[0]);
      if (local !== undefined) break;
    }
  }
  local ??= LOGGING_ELEMENT;

  // Elements a paste without addresses names (the top Via of every request), and the
  // requests proxies forwarded (by the Via they carry under their own). Only such a
  // paste needs them: a capture's messages are not parsed again for it.
  const elements = new Map<string, string>();
  const forwarded = new Map<string, number[]>();
  const unaddressed = indexes.some((i) => {
    const m = ctx.kept(i);
    return m !== undefined && m.source.src === undefined && m.source.dst === undefined;
  });
  if (unaddressed) {
    for (const i of indexes) {
      if (ctx.kept(i)?.kind !== 'request') continue;
      const own = vias(i);
      const name = sentBy(own[0]);
      if (name !== undefined && !elements.has(hostOf(name))) elements.set(hostOf(name), name);
      const below = own[1]?.raw;
      if (below !== undefined) forwarded.set(below, [...(forwarded.get(below) ?? []), i]);
    }
  }

  const receivers = new Map<string, string>();
  const transactionKey = (i: number): string | undefined => {
    const m = ctx.kept(i);
    const branch = vias(i)[0]?.branch;
    if (m === undefined || branch === undefined) return undefined;
    const method = m.cseqMethod ?? m.method ?? '';
    // An ACK to a failure and a CANCEL go where the INVITE went.
    return `${branch}|${method === 'ACK' || method === 'CANCEL' ? 'INVITE' : method}`;
  };

  /** Who received the request i of a paste without addresses. */
  const receiverOf = (i: number, from: string): string => {
    const own = vias(i);
    const top = own[0];
    // A copy forwarded by a proxy carries this request's Via under the proxy's own.
    if (top !== undefined) {
      for (const k of forwarded.get(top.raw) ?? []) {
        if (vias(k).length !== own.length + 1) continue;
        const proxy = sentBy(vias(k)[0]);
        if (proxy !== undefined && proxy !== from) return proxy;
      }
    }
    const key = transactionKey(i);
    const earlier = key === undefined ? undefined : receivers.get(key);
    if (earlier !== undefined) return earlier;
    const host = uriHost(ctx.kept(i)?.requestUri);
    const named = host === undefined ? undefined : elements.get(host);
    if (named !== undefined && named !== from) return named;
    return from === CALLEE ? CALLER : CALLEE;
  };

  for (const i of indexes) {
    const m = ctx.kept(i);
    if (m === undefined || m.kind === 'unknown') continue;
    const src = formatEndpoint(m.source.src);
    const dst = formatEndpoint(m.source.dst);
    if (src !== null || dst !== null) {
      ends.set(i, { from: src ?? local, to: dst ?? local });
      continue;
    }
    const key = transactionKey(i);
    if (m.kind === 'request') {
      const from = sentBy(vias(i)[0]) ?? CALLER;
      const to = receiverOf(i, from);
      if (key !== undefined && !receivers.has(key)) receivers.set(key, to);
      ends.set(i, { from, to });
    } else {
      // A response goes back to the element that put the top Via in, from the one its request went to.
      const to = sentBy(vias(i)[0]) ?? CALLER;
      const from =
        (key === undefined ? undefined : receivers.get(key)) ?? (to === CALLEE ? CALLER : CALLEE);
      ends.set(i, { from, to });
    }
  }
  return ends;
}

/**
 * The element called `name` with its product: taken from the first message
 * of `indexes` it sent (User-Agent of a request, Server of a response).
 */
function titleOf(ctx: DiagnoseContext, name: string, senders: ReadonlyMap<number, string>): string {
  for (const [i, sender] of senders) {
    const m = ctx.kept(i);
    if (m === undefined || sender !== name) continue;
    const product = ctx.detail(i)?.header(m.kind === 'request' ? 'user-agent' : 'server')?.value;
    if (product === undefined) continue;
    return `${name} ${ctx.redactor.text(product)}`;
  }
  return name;
}

/** How much of one message a ladder keeps as text (`messageTexts`): a report shows it, whole or cut. */
const MAX_TEXT = 16 * 1024;

/** What the ladder draws besides the messages: the calls they belong to and the deciding response. */
export interface LadderScope {
  /** The Call-ID of each call drawn, the deciding call first (before redaction). */
  legs: readonly string[];
  /** Index of the response that decided the verdict. */
  decisive: number | undefined;
  /** Keep the (redacted) text of each arrow's first copy. */
  texts?: boolean;
}

/** The ladder of the messages `indexes` (input order). */
export function buildLadder(
  ctx: DiagnoseContext,
  indexes: readonly number[],
  scope: LadderScope = { legs: [], decisive: undefined },
): Ladder {
  const names: string[] = [];
  const column = (name: string): number => {
    let c = names.indexOf(name);
    if (c < 0) {
      names.push(name);
      c = names.length - 1;
    }
    return c;
  };
  const legs = [...scope.legs];
  const legOf = (callId: string | undefined): number => {
    if (callId === undefined) return 0;
    let k = legs.indexOf(callId);
    if (k < 0) {
      legs.push(callId);
      k = legs.length - 1;
    }
    return k;
  };
  // Products are looked for in every message, also past the ones drawn.
  const ends = endsOf(ctx, indexes);
  const senders = new Map<number, string>();
  for (const [i, e] of ends) senders.set(i, ctx.redactor.text(e.from));
  const arrows: LadderArrow[] = [];
  for (const i of indexes.slice(0, MAX_MESSAGES)) {
    const m = ctx.kept(i);
    const e = ends.get(i);
    if (m === undefined || e === undefined) continue;
    const from = column(ctx.redactor.text(e.from));
    const to = column(ctx.redactor.text(e.to));
    const text = cutAtWord(ctx.redactor.text(label(ctx, i)), MAX_LABEL);
    const leg = legOf(m.callId);
    const last = arrows[arrows.length - 1];
    if (
      last !== undefined &&
      last.from === from &&
      last.to === to &&
      last.label === text &&
      last.leg === leg
    ) {
      last.count++;
      if (i === scope.decisive) last.decisive = true;
      continue;
    }
    arrows.push({
      from,
      to,
      label: text,
      time: m.source.epochMicros,
      count: 1,
      message: i,
      leg,
      decisive: i === scope.decisive,
    });
  }
  const columns = names.map((name) => ({ name, title: titleOf(ctx, name, senders) }));
  const ladder: Ladder = { columns, arrows, legs: legs.map((id) => ctx.redactor.text(id)) };
  if (scope.texts) {
    // The texts are for a report beside the card: the card's count of redacted values stays its own.
    const count = ctx.redactor.count;
    ladder.texts = arrows.map((a) => messageText(ctx, a.message));
    ctx.redactor.count = count;
  }
  return ladder;
}

/** The redacted text of message i, cut at MAX_TEXT characters with a note. */
function messageText(ctx: DiagnoseContext, i: number): string {
  const text = ctx.kept(i)?.text ?? '';
  const cut =
    text.length <= MAX_TEXT
      ? text
      : `${text.slice(0, MAX_TEXT)}\n[... ${text.length - MAX_TEXT} more characters not shown]`;
  return ctx.redactor.text(cut);
}
