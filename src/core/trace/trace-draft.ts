/**
 * The trace model while buildTrace is still filling it in: the same shapes
 * as types.ts with writable fields and arrays. Only the trace builders see
 * these; buildTrace hands the finished drafts out typed as the readonly
 * model, so nothing downstream can change them.
 */
import type { LegLink, Outcome } from './types.js';

/**
 * The empty list a transaction or call starts its lists with, shared: many
 * never get any items (an ACK gets no response, most calls no legs), and
 * the lists are only ever replaced (see append in build-trace.ts), never
 * changed in place.
 */
export const NONE: never[] = Object.freeze([]) as never[];

/** Lists up to this long grow by an exact-size copy. */
const EXACT_UP_TO = 16;

/**
 * `list` with `item` added. A push leaves room for 16 more items each time
 * the list grows, several times what a call or a transaction holds (a
 * capture keeps one list per call and three per transaction): a short list
 * is copied at its exact size instead, by an array literal for the usual
 * lengths (half the time of concat, which takes its generic path) and by
 * concat beyond them. `item` is never an array (concat would spread it).
 * The shared empty list (NONE) is never changed: a list of it is a new one.
 */
export function append<T extends number | string | object>(list: T[], item: T): T[] {
  switch (list.length) {
    case 0:
      return [item];
    case 1:
      return [list[0] as T, item];
    case 2:
      return [list[0] as T, list[1] as T, item];
    case 3:
      return [list[0] as T, list[1] as T, list[2] as T, item];
  }
  if (list.length >= EXACT_UP_TO) {
    list.push(item);
    return list;
  }
  return list.concat(item);
}

/** What few transactions have: an ACK for a refusal, a CANCEL, copies of the request, other hops. */
interface Rare {
  ack?: number;
  cancel?: TransactionDraft;
  /** The copies of the request after the first, when it was sent again. */
  again?: number[];
  /** The hops (see Transaction.hops) of a request seen on several. */
  group?: TransactionDraft[];
}

const INITIAL = 1;
const LEGACY = 2;

/**
 * A transaction as buildTrace fills it in. A busy capture holds hundreds of
 * thousands, so the lists nearly every one would hold with a single item
 * are made only when read (a new list each time, which nothing keeps): the
 * copies of the request (one, unless it was sent again) and the hops
 * (itself, unless a proxy forwarded it); what few have (an ACK for a
 * refusal, a CANCEL, those lists when they hold more) is kept apart.
 */
export class TransactionDraft {
  request: number | undefined = undefined;
  responses: number[] = NONE;
  final: number | undefined = undefined;
  /** `initial` and `legacy` as bits. */
  private flags: number;
  /** Made for the first of the rare facts the transaction gets. */
  private rare: Rare | undefined = undefined;

  constructor(
    readonly method: string,
    readonly callId: string | undefined,
    readonly cseq: number | undefined,
    initial: boolean,
    legacy: boolean,
  ) {
    this.flags = (initial ? INITIAL : 0) | (legacy ? LEGACY : 0);
  }

  /** The request was sent without a To tag (see Transaction.initial). */
  get initial(): boolean {
    return (this.flags & INITIAL) !== 0;
  }

  set initial(initial: boolean) {
    this.flags = initial ? this.flags | INITIAL : this.flags & ~INITIAL;
  }

  get legacy(): boolean {
    return (this.flags & LEGACY) !== 0;
  }

  get ack(): number | undefined {
    return this.rare?.ack;
  }

  set ack(ack: number | undefined) {
    this.rare ??= {};
    this.rare.ack = ack;
  }

  get cancel(): TransactionDraft | undefined {
    return this.rare?.cancel;
  }

  set cancel(cancel: TransactionDraft | undefined) {
    this.rare ??= {};
    this.rare.cancel = cancel;
  }

  /** Every copy of the request, in order. */
  get requests(): readonly number[] {
    if (this.request === undefined) return NONE;
    const again = this.rare?.again;
    return again === undefined ? [this.request] : [this.request, ...again];
  }

  /** Adds a copy of the request (the first one is `request`). */
  addRequest(i: number): void {
    if (this.request === undefined) {
      this.request = i;
      return;
    }
    this.rare ??= {};
    if (this.rare.again === undefined) this.rare.again = [i];
    else this.rare.again.push(i);
  }

  get hops(): readonly TransactionDraft[] {
    // Made on each read, not kept: the finished trace never changes (see build-trace.ts).
    return this.rare?.group ?? [this];
  }

  set hops(hops: TransactionDraft[]) {
    this.rare ??= {};
    this.rare.group = hops;
  }
}

export interface CallDraft {
  callId: string;
  messages: number[];
  transactions: TransactionDraft[];
  primary: TransactionDraft | undefined;
  outcome: Outcome;
  decisive: number | undefined;
  toTags: string[];
  legOf: LegLink | undefined;
  legs: string[];
  failedLegs: number[];
}
