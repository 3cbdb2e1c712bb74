/**
 * Builds the trace model (see types.ts) from the messages of one input, in
 * one pass over their kept facts; only the INVITE each call is about is
 * parsed again, for the headers that tie B2BUA legs (see link-legs.ts). A
 * capture taken on a proxy holds each transaction once per hop (the proxy's
 * own Via gives the forwarded request a branch of its own), so the model
 * keeps hops apart, ties them together in `hops`, and lets the verdict pick
 * the hop where a response was made. What it returns is finished: nothing
 * after this changes it.
 */
import type { InputMessage } from '../sip/input-message.js';
import { type InputMessages, messageAt } from '../sip/message-list.js';
import { cutMessage } from './cut-message.js';
import { linkLegs } from './link-legs.js';
import { append, type CallDraft, NONE, TransactionDraft } from './trace-draft.js';
import type { Outcome, Trace } from './types.js';

const MAGIC_COOKIE = 'z9hG4bK';

function isRfc3261Branch(branch: string | undefined): branch is string {
  return (
    branch !== undefined && branch.length > MAGIC_COOKIE.length && branch.startsWith(MAGIC_COOKIE)
  );
}

/** The transaction key of a message for `method` (RFC 3261 §17.2.3, or the RFC 2543 fallback). */
export function transactionKey(m: InputMessage, method: string): string {
  const branch = m.branch;
  if (isRfc3261Branch(branch)) return `b:${branch}|${method}`;
  return `2543:${m.callId ?? ''}|${m.cseqSeq ?? ''}|${method}|${m.fromTag ?? ''}`;
}

/**
 * The transactions of one input, found from a message without making a key
 * string per message: an RFC 3261 branch is looked up as it is (each
 * message's branch string is hashed once) and the method compared; only an
 * RFC 2543 transaction, which has no branch of its own, is found by a key
 * made of its Call-ID, CSeq, method and From tag. A busy capture holds tens
 * of thousands of transactions, nearly all RFC 3261 ones, and keeps no key
 * string for them.
 */
class TransactionIndex {
  /** Every transaction, in the order first seen. */
  readonly all: TransactionDraft[] = [];
  private readonly byKey = new Map<string, TransactionDraft>();
  private readonly byBranch = new Map<string, TransactionDraft | TransactionDraft[]>();

  /** `branch`: m's top Via branch (read once by the caller, as every fact of m is read). */
  find(m: InputMessage, branch: string | undefined, method: string): TransactionDraft | undefined {
    if (!isRfc3261Branch(branch)) return this.byKey.get(transactionKey(m, method));
    const found = this.byBranch.get(branch);
    if (found === undefined) return undefined;
    if (!Array.isArray(found)) return found.method === method ? found : undefined;
    for (const t of found) if (t.method === method) return t;
    return undefined;
  }

  add(m: InputMessage, branch: string | undefined, t: TransactionDraft): void {
    this.all.push(t);
    if (!isRfc3261Branch(branch)) {
      this.byKey.set(transactionKey(m, t.method), t);
      return;
    }
    // One transaction per branch is the rule; a CANCEL or an ACK shares its INVITE's.
    const found = this.byBranch.get(branch);
    this.byBranch.set(
      branch,
      found === undefined ? t : Array.isArray(found) ? append(found, t) : [found, t],
    );
  }
}

function newTransaction(
  m: InputMessage,
  branch: string | undefined,
  method: string,
): TransactionDraft {
  return new TransactionDraft(
    method,
    m.callId,
    m.cseqSeq,
    m.toTag === undefined,
    !isRfc3261Branch(branch),
  );
}

function newCall(callId: string): CallDraft {
  return {
    callId,
    messages: NONE,
    transactions: NONE,
    primary: undefined,
    outcome: 'in-progress',
    decisive: undefined,
    toTags: NONE,
    legOf: undefined,
    legs: NONE,
    failedLegs: NONE,
  };
}

/** Groups the messages into transactions, calls and outcomes, with hops and B2BUA legs tied. */
export function buildTrace(messages: InputMessages): Trace {
  const transactions = new TransactionIndex();
  const calls = new Map<string, CallDraft>();

  const transactionFor = (
    call: CallDraft,
    m: InputMessage,
    branch: string | undefined,
    method: string,
  ): TransactionDraft => {
    let t = transactions.find(m, branch, method);
    if (t === undefined) {
      t = newTransaction(m, branch, method);
      transactions.add(m, branch, t);
      call.transactions = append(call.transactions, t);
    }
    return t;
  };

  // A response cut before its Call-ID or CSeq (see cutMessage) is tied to its request by its
  // top Via branch: the transaction of the last request seen with that branch.
  const cut = cutMessage(messages);
  const cutMessageAt = messageAt(messages, cut);
  const cutResponse =
    cutMessageAt?.kind === 'response' &&
    (cutMessageAt.cseqMethod === undefined || cutMessageAt.callId === undefined);
  const cutBranch = cutResponse ? cutMessageAt.branch : undefined;
  let cutTransaction: TransactionDraft | undefined;

  messages.forEach((m, i) => {
    // Each fact read once: they are read from the input's columns (see InputMessage).
    const kind = m.kind;
    if (kind === 'unknown') return;
    const branch = m.branch;
    if (i === cut && cutResponse) {
      // What the cut response shows still counts: its Via branch names its request.
      const t = cutTransaction;
      const call = t === undefined ? undefined : calls.get(t.callId ?? '');
      if (t !== undefined && call !== undefined) {
        call.messages = append(call.messages, i);
        t.responses = append(t.responses, i);
        if (t.final === undefined && (m.code ?? 0) >= 200) t.final = i;
        return;
      }
    }
    const callId = m.callId ?? '';
    let call = calls.get(callId);
    if (call === undefined) {
      call = newCall(callId);
      calls.set(callId, call);
    }
    call.messages = append(call.messages, i);
    if (kind === 'response') {
      const t = transactionFor(call, m, branch, m.cseqMethod ?? '');
      t.responses = append(t.responses, i);
      if (t.final === undefined && (m.code ?? 0) >= 200) t.final = i;
      return;
    }
    // RFC 3261 §17.1.3: a transaction is its top Via branch and its CSeq method, so a request
    // whose request line names another method (a defect messages.ts reports) still gets its
    // responses. ACK and CANCEL are told by either, so a bad CSeq does not merge them into
    // the INVITE's own transaction.
    const line = m.method ?? '';
    const cseqMethod = m.cseqMethod ?? line;
    const method =
      line === 'ACK' || cseqMethod === 'ACK'
        ? 'ACK'
        : line === 'CANCEL' || cseqMethod === 'CANCEL'
          ? 'CANCEL'
          : cseqMethod;
    if (method === 'ACK') {
      // An ACK for a non-2xx final shares its INVITE's branch and belongs to that transaction.
      const invite = transactions.find(m, branch, 'INVITE');
      const finalCode = messageAt(messages, invite?.final)?.code ?? 0;
      if (invite !== undefined && finalCode >= 300) {
        invite.ack ??= i;
        return;
      }
    }
    const t = transactionFor(call, m, branch, method);
    if (t.request === undefined) t.initial = m.toTag === undefined;
    t.addRequest(i);
    if (branch !== undefined && branch === cutBranch && method !== 'ACK' && method !== 'CANCEL')
      cutTransaction = t;
    if (method === 'CANCEL') {
      const invite = transactions.find(m, branch, 'INVITE');
      if (invite !== undefined) invite.cancel = t;
    }
  });

  const list = [...calls.values()];
  for (const call of list) {
    tieHops(call);
    settle(call, messages);
  }
  linkLegs(list, messages);
  return { messages, calls: list, callsById: calls, transactions: transactions.all };
}

/** Gives every transaction of `call` seen on several hops the list of its hops: same method and CSeq. */
function tieHops(call: CallDraft): void {
  const groups: TransactionDraft[][] = [];
  // A call holds a few transactions; a map only for one that holds many (a flood of pings).
  const byRequest =
    call.transactions.length > 8 ? new Map<string, TransactionDraft[]>() : undefined;
  for (const t of call.transactions) {
    let hops: TransactionDraft[] | undefined;
    if (byRequest === undefined) {
      hops = groups.find((g) => g[0]?.cseq === t.cseq && g[0]?.method === t.method);
    } else {
      hops = byRequest.get(`${t.cseq} ${t.method}`);
    }
    if (hops === undefined) {
      hops = [];
      groups.push(hops);
      byRequest?.set(`${t.cseq} ${t.method}`, hops);
    }
    hops.push(t);
  }
  // Each group of several once, at its exact size, shared by its members; a transaction
  // seen on one hop only makes its list of one when it is read.
  for (const group of groups) {
    if (group.length < 2) continue;
    const hops = group.slice();
    for (const t of hops) t.hops = hops;
  }
}

/** Picks the call's primary request and decides its outcome. */
function settle(call: CallDraft, messages: InputMessages): void {
  // An ACK is never what a call is about (it gets no response), nor a CANCEL: a call holding
  // only those has no primary request.
  const about = (t: TransactionDraft): boolean => t.method !== 'ACK' && t.method !== 'CANCEL';
  const first =
    call.transactions.find((t) => t.request !== undefined && about(t)) ??
    call.transactions.find(about);
  if (first === undefined) return;
  // The last attempt of the first method: a challenged request is sent again with a higher
  // CSeq, and that retry is what the call is about. Out of dialog (or with the request not
  // in the paste) that is an initial request; a paste that starts inside a dialog (a BYE,
  // re-INVITE, NOTIFY... with no INVITE before it) is about its in-dialog requests.
  const inDialog = first.request !== undefined && !first.initial;
  const attempts = call.transactions.filter(
    (t) =>
      t.method === first.method && (t.request === undefined || (inDialog ? !t.initial : t.initial)),
  );
  let lastSeq = first.cseq ?? 0;
  for (const t of attempts) lastSeq = Math.max(lastSeq, t.cseq ?? 0);
  const hops = attempts.filter((t) => (t.cseq ?? 0) === lastSeq);
  const primary = hops.find((t) => t.request !== undefined) ?? hops[0] ?? first;
  call.primary = primary;

  let decisive: number | undefined;
  let anyResponse = false;
  for (const t of hops) {
    if (t.responses.length > 0) anyResponse = true;
    if (t.final !== undefined && (decisive === undefined || t.final < decisive)) decisive = t.final;
    for (const r of t.responses) {
      const tag = messageAt(messages, r)?.toTag;
      if (tag !== undefined && !call.toTags.includes(tag)) call.toTags = append(call.toTags, tag);
    }
  }
  call.decisive = decisive;
  call.outcome = outcomeOf(messageAt(messages, decisive), anyResponse);
}

function outcomeOf(final: InputMessage | undefined, anyResponse: boolean): Outcome {
  if (final !== undefined) return (final.code ?? 0) < 300 ? 'succeeded' : 'failed';
  return anyResponse ? 'in-progress' : 'no-response';
}
