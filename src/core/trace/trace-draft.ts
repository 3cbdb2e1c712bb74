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

/**
 * A transaction as buildTrace fills it in. A busy capture holds hundreds of
 * thousands, so the lists nearly every one would hold with a single item
 * are made only when read (a new list each time, which nothing keeps): the
 * copies of the request (one, unless it was sent again) and the hops
 * (itself, unless a proxy forwarded it).
 */
export class TransactionDraft {
  request: number | undefined = undefined;
  responses: number[] = NONE;
  final: number | undefined = undefined;
  ack: number | undefined = undefined;
  cancel: TransactionDraft | undefined = undefined;
  /** The copies of the request after the first, when it was sent again. */
  private again: number[] | undefined = undefined;
  /** The hops (see Transaction.hops): set for a request seen on several; a list of one is made when read. */
  private group: TransactionDraft[] | undefined = undefined;

  constructor(
    readonly method: string,
    readonly callId: string | undefined,
    readonly cseq: number | undefined,
    public initial: boolean,
    readonly legacy: boolean,
  ) {}

  /** Every copy of the request, in order. */
  get requests(): readonly number[] {
    if (this.request === undefined) return NONE;
    return this.again === undefined ? [this.request] : [this.request, ...this.again];
  }

  /** Adds a copy of the request (the first one is `request`). */
  addRequest(i: number): void {
    if (this.request === undefined) this.request = i;
    else if (this.again === undefined) this.again = [i];
    else this.again.push(i);
  }

  get hops(): readonly TransactionDraft[] {
    // Made on each read, not kept: the finished trace never changes (see build-trace.ts).
    return this.group ?? [this];
  }

  set hops(hops: TransactionDraft[]) {
    this.group = hops;
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
