/**
 * buildTrace hands the diagnosis a finished trace: B2BUA legs tied, their
 * failures noted, hops grouped, before any rule runs; and diagnosing it
 * leaves it exactly as it was.
 */
import { describe, expect, it } from 'vitest';
import { diagnose, diagnoseTrace } from '../../../src/core/diagnose/diagnose.js';
import { buildTrace } from '../../../src/core/trace/build-trace.js';
import type { Trace } from '../../../src/core/trace/types.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import { dialogHeaders, sip, traceOf } from '../../helpers/sip-trace.js';

const kb = realKnowledge();
const A = '192.0.2.10:5060';
const PBX = '203.0.113.5:5060';
const C = '198.51.100.30:5060';
const A_LEG = 'a-leg@192.0.2.10';
const B_LEG = 'b-leg@203.0.113.5';

/** A B2BUA turns A's INVITE into its own, naming A's Call-ID; the far end fails first. */
function b2buaCall() {
  const invite = (branch: string, callId: string, extra: string[] = []) =>
    sip([
      'INVITE sip:+14155550100@example.com SIP/2.0',
      ...dialogHeaders({ branch, cseq: '1 INVITE', callId, extra }),
    ]);
  const answer = (status: string, branch: string, callId: string) =>
    sip([`SIP/2.0 ${status}`, ...dialogHeaders({ branch, cseq: '1 INVITE', callId, toTag: 'x' })]);
  return traceOf([
    { at: 0, from: A, to: PBX, text: invite('z9hG4bK-a1', A_LEG) },
    // Far apart in time, so only the header can tie the legs, not the dialled number.
    { at: 9000, from: PBX, to: C, text: invite('z9hG4bK-b1', B_LEG, [`X-Call-ID: ${A_LEG}`]) },
    { at: 9050, from: C, to: PBX, text: answer('503 Service Unavailable', 'z9hG4bK-b1', B_LEG) },
    {
      at: 9060,
      from: PBX,
      to: A,
      text: answer('480 Temporarily Unavailable', 'z9hG4bK-a1', A_LEG),
    },
  ]);
}

/** Everything of the trace but the input's messages, as plain data. */
function snapshot(trace: Trace) {
  return structuredClone({
    calls: trace.calls,
    callsById: trace.callsById,
    transactions: trace.transactions,
    messages: trace.messages.length,
  });
}

/** Freezes the calls and transactions with every array and object they hold. */
function deepFreeze(value: unknown, seen = new Set<unknown>()): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (value instanceof Map) for (const v of value.values()) deepFreeze(v, seen);
  else for (const v of Object.values(value)) deepFreeze(v, seen);
  Object.freeze(value);
}

describe('the trace buildTrace returns', () => {
  it('has the B2BUA legs tied by X-Call-ID and the failed leg noted', async () => {
    const trace = buildTrace((await b2buaCall()).messages);
    const a = trace.callsById.get(A_LEG);
    const b = trace.callsById.get(B_LEG);
    expect(b?.legOf).toEqual({ callId: A_LEG, how: 'header' });
    expect(a?.legs).toEqual([B_LEG]);
    expect(a?.failedLegs).toEqual([2]);
    expect(trace.messages.at(2)?.code).toBe(503);
    expect(b?.legs).toEqual([]);
    expect(b?.failedLegs).toEqual([]);
    expect(a?.primary?.hops).toEqual([a?.primary]);
  });

  it('does not tie an INVITE without a leg header to messages that have no Call-ID', async () => {
    const noCallId = sip([
      'OPTIONS sip:pbx@example.com SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bK-o1',
      'From: <sip:probe@example.com>;tag=p1',
      'To: <sip:pbx@example.com>',
      'CSeq: 1 OPTIONS',
    ]);
    const invite = sip([
      'INVITE sip:+14155550100@example.com SIP/2.0',
      ...dialogHeaders({ branch: 'z9hG4bK-a1', cseq: '1 INVITE', callId: A_LEG }),
    ]);
    const trace = buildTrace(
      (
        await traceOf([
          { at: 0, from: C, to: PBX, text: noCallId },
          { at: 10, from: A, to: PBX, text: invite },
        ])
      ).messages,
    );
    expect(trace.callsById.get(A_LEG)?.legOf).toBeUndefined();
    expect(trace.callsById.get('')?.legs ?? []).toEqual([]);
  });

  it('is left as it was by diagnosing it', async () => {
    const trace = buildTrace((await b2buaCall()).messages);
    const before = snapshot(trace);
    const d = diagnoseTrace(trace, kb);
    expect(d.verdict.headline).toMatch(/after its B2BUA leg got 503/);
    expect(snapshot(trace)).toEqual(before);
  });

  it('diagnoses the same when frozen, so no rule writes to it', async () => {
    const input = await b2buaCall();
    const trace = buildTrace(input.messages);
    deepFreeze({
      calls: trace.calls,
      callsById: trace.callsById,
      transactions: trace.transactions,
    });
    Object.freeze(trace);
    expect(diagnoseTrace(trace, kb)).toEqual(diagnose(input, kb));
  });
});
