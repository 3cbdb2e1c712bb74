/**
 * A call that was set up and then refused inside its dialog (a session
 * refresh, an UPDATE, the BYE) does not read as a plain success: the
 * headline says what came after the 200 OK. A challenge answered, a
 * refusal retried past, and a BYE crossing the other side's BYE are part of
 * a normal call and change nothing.
 */
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/core/diagnose/diagnose.js';
import type { ParseInputResult } from '../../../src/core/ingest/parse-input.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import { dialogHeaders, type Hop, sip, traceOf } from '../../helpers/sip-trace.js';

const kb = realKnowledge();
const A = '192.0.2.10:5060';
const B = '198.51.100.20:5060';

const request = (start: string, branch: string, cseq: string, toTag?: string) =>
  sip([start, ...dialogHeaders({ branch, cseq, ...(toTag ? { toTag } : {}) })]);
const response = (status: string, branch: string, cseq: string) =>
  sip([`SIP/2.0 ${status}`, ...dialogHeaders({ branch, cseq, toTag: 'bob-1' })]);

/** INVITE, 200 OK and ACK, then `rest` (each a request from A and B's answer to it). */
function setUpThen(
  rest: { method: string; status: string; from?: string }[],
): Promise<ParseInputResult> {
  const hops: Hop[] = [
    {
      at: 0,
      from: A,
      to: B,
      text: request('INVITE sip:bob@example.com SIP/2.0', 'z9hG4bK-i1', '1 INVITE'),
    },
    { at: 40, from: B, to: A, text: response('200 OK', 'z9hG4bK-i1', '1 INVITE') },
    {
      at: 50,
      from: A,
      to: B,
      text: request('ACK sip:bob@198.51.100.20 SIP/2.0', 'z9hG4bK-a1', '1 ACK', 'bob-1'),
    },
  ];
  rest.forEach(({ method, status, from = A }, i) => {
    const branch = `z9hG4bK-n${i}`;
    const cseq = `${i + 2} ${method}`;
    const to = from === A ? B : A;
    hops.push({
      at: 1000 * (i + 1),
      from,
      to,
      text: request(`${method} sip:bob@198.51.100.20 SIP/2.0`, branch, cseq, 'bob-1'),
    });
    hops.push({
      at: 1000 * (i + 1) + 20,
      from: to,
      to: from,
      text: response(status, branch, cseq),
    });
  });
  return traceOf(hops);
}

describe('the verdict of a call set up, then refused inside its dialog', () => {
  it('a session refresh refused with 481: said after the 200 OK', async () => {
    const d = diagnose(
      await setUpThen([{ method: 'INVITE', status: '481 Call/Transaction Does Not Exist' }]),
      kb,
    );
    expect(d.verdict.outcome).toBe('succeeded');
    expect(d.verdict.headline).toMatch(
      /succeeded: 200 OK from .*; then its re-INVITE got 481 Call\/Transaction Does Not Exist from /,
    );
  });

  it('an UPDATE refused, then the BYE refused: the first refusal is named', async () => {
    const d = diagnose(
      await setUpThen([
        { method: 'UPDATE', status: '500 Server Internal Error' },
        { method: 'BYE', status: '481 Call/Transaction Does Not Exist' },
      ]),
      kb,
    );
    expect(d.verdict.headline).toMatch(/; then its UPDATE got 500 Server Internal Error from /);
  });

  it('a challenge answered, a glare retried, both sides hanging up at once: a plain success', async () => {
    const plain = await Promise.all([
      setUpThen([
        { method: 'INVITE', status: '407 Proxy Authentication Required' },
        { method: 'INVITE', status: '200 OK' },
      ]),
      setUpThen([
        { method: 'INVITE', status: '491 Request Pending' },
        { method: 'INVITE', status: '200 OK' },
      ]),
      setUpThen([
        { method: 'BYE', status: '200 OK', from: B },
        { method: 'BYE', status: '481 Call/Transaction Does Not Exist' },
      ]),
      setUpThen([{ method: 'BYE', status: '200 OK' }]),
    ]);
    for (const input of plain) {
      const d = diagnose(input, kb);
      expect(d.verdict.outcome).toBe('succeeded');
      expect(d.verdict.headline).not.toContain('; then');
    }
  });
});
