/** The trace model on a real Kamailio capture and on hand-written edge cases. */
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../src/core/ingest/parse-input.js';
import { buildTrace, transactionKey } from '../../../src/core/trace/build-trace.js';
import { fixtureBytes } from '../../fixtures/real/load.js';
import { dialogHeaders, sip, traceOf } from '../../helpers/sip-trace.js';

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

describe('buildTrace on the Kamailio failures capture', async () => {
  const input = await parseInput(once(fixtureBytes('kamailio-call-failures.pcap')));
  const trace = buildTrace(input.messages);
  /** Message `i`, none for none (`at` would count a negative index from the end). */
  const message = (i: number | undefined) => (i === undefined ? undefined : input.messages.at(i));

  it('finds four calls, each failed with its own code after a 407 challenge', () => {
    expect(trace.calls.map((c) => [c.outcome, message(c.decisive)?.code])).toEqual([
      ['failed', 404],
      ['failed', 480],
      ['failed', 486],
      ['failed', 487],
    ]);
    for (const call of trace.calls) {
      expect(call.primary?.method).toBe('INVITE');
      expect(call.primary?.cseq).toBe(2);
    }
  });

  it('puts the ACK of a non-2xx final into its INVITE transaction and links the CANCEL', () => {
    const challenged = trace.calls[0]?.transactions.find((t) => t.cseq === 1);
    expect(challenged?.ack).toBeDefined();
    expect(message(challenged?.ack)?.method).toBe('ACK');
    const cancelled = trace.calls[3]?.transactions.find((t) => t.method === 'INVITE' && t.cancel);
    expect(cancelled?.cancel?.method).toBe('CANCEL');
  });

  it('keeps the hops of a proxied INVITE apart and decides on the hop that made the 486', () => {
    const busy = trace.calls[2];
    const hops = busy?.transactions.filter((t) => t.method === 'INVITE' && t.cseq === 2) ?? [];
    expect(hops).toHaveLength(2);
    const decisive = message(busy?.decisive);
    expect(decisive?.source.src?.port).toBe(5070);
  });

  it('gives each hop of a request the same list of all its hops', () => {
    for (const call of trace.calls) {
      for (const t of call.transactions) {
        expect(t.hops).toEqual(
          call.transactions.filter((o) => o.method === t.method && o.cseq === t.cseq),
        );
        // Several hops share one list; a request seen on one hop has a list of itself.
        if (t.hops.length > 1) for (const hop of t.hops) expect(hop.hops).toBe(t.hops);
        else expect(t.hops).toEqual([t]);
      }
    }
    const busy = trace.calls[2];
    expect(busy?.primary?.hops).toHaveLength(2);
  });
});

describe('buildTrace edge cases', () => {
  it('collapses retransmissions into one transaction and says no-response', async () => {
    const invite = sip([
      'INVITE sip:bob@example.com SIP/2.0',
      ...dialogHeaders({ branch: 'z9hG4bK-r1', cseq: '1 INVITE' }),
    ]);
    const input = await traceOf(
      [0, 500, 1500, 3500].map((at) => ({
        from: '192.0.2.10:5060',
        to: '198.51.100.1:5060',
        at,
        text: invite,
      })),
    );
    const trace = buildTrace(input.messages);
    expect(trace.transactions).toHaveLength(1);
    expect(trace.calls[0]?.primary?.requests).toHaveLength(4);
    expect(trace.calls[0]?.outcome).toBe('no-response');
  });

  it('matches RFC 2543 requests without the magic cookie by Call-ID, CSeq and From tag', async () => {
    const input = await traceOf([
      {
        from: '192.0.2.10:5060',
        to: '198.51.100.1:5060',
        at: 0,
        text: sip([
          'OPTIONS sip:bob@example.com SIP/2.0',
          ...dialogHeaders({ branch: 'old-style-1', cseq: '5 OPTIONS' }),
        ]),
      },
      {
        from: '198.51.100.1:5060',
        to: '192.0.2.10:5060',
        at: 20,
        text: sip([
          'SIP/2.0 200 OK',
          ...dialogHeaders({ branch: 'old-style-1', cseq: '5 OPTIONS', toTag: 'b' }),
        ]),
      },
    ]);
    const m = input.messages.at(0);
    expect(m && transactionKey(m, 'OPTIONS').startsWith('2543:')).toBe(true);
    const trace = buildTrace(input.messages);
    expect(trace.calls[0]?.outcome).toBe('succeeded');
    expect(trace.transactions[0]?.legacy).toBe(true);
  });

  it('decides on the answered retry after a challenge, not on the challenge', async () => {
    const hop = (at: number, from: string, to: string, text: string) => ({ at, from, to, text });
    const a = '192.0.2.10:5060';
    const b = '198.51.100.1:5060';
    const input = await traceOf([
      hop(
        0,
        a,
        b,
        sip([
          'REGISTER sip:example.com SIP/2.0',
          ...dialogHeaders({ branch: 'z9hG4bK-1', cseq: '1 REGISTER' }),
        ]),
      ),
      hop(
        5,
        b,
        a,
        sip([
          'SIP/2.0 401 Unauthorized',
          ...dialogHeaders({ branch: 'z9hG4bK-1', cseq: '1 REGISTER', toTag: 'r' }),
          'WWW-Authenticate: Digest realm="example.com", nonce="abc"',
        ]),
      ),
      hop(
        9,
        a,
        b,
        sip([
          'REGISTER sip:example.com SIP/2.0',
          ...dialogHeaders({
            branch: 'z9hG4bK-2',
            cseq: '2 REGISTER',
            extra: [
              'Authorization: Digest username="alice", realm="example.com", nonce="abc", uri="sip:example.com", response="0123456789abcdef0123456789abcdef"',
            ],
          }),
        ]),
      ),
      hop(
        14,
        b,
        a,
        sip([
          'SIP/2.0 200 OK',
          ...dialogHeaders({ branch: 'z9hG4bK-2', cseq: '2 REGISTER', toTag: 'r' }),
        ]),
      ),
    ]);
    const call = buildTrace(input.messages).calls[0];
    expect(call?.outcome).toBe('succeeded');
    expect(call?.primary?.cseq).toBe(2);
  });
});
