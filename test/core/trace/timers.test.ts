/** Retransmission gaps read against RFC 3261 Timers A and E. */
import { describe, expect, it } from 'vitest';
import { describeRetransmissions, readRetransmissions } from '../../../src/core/trace/timers.js';

const at = (...ms: number[]) => ms.map((m) => 1_700_000_000_000_000 + m * 1000);

describe('readRetransmissions', () => {
  it('recognises Timer A doubling up to 64*T1 for an INVITE', () => {
    const r = readRetransmissions(at(0, 500, 1500, 3500, 7500, 15500, 31500), false);
    expect(r).toMatchObject({ timer: 'Timer A', timedOut: true, spanMs: 31500 });
    expect(
      describeRetransmissions(r ?? { gaps: [], spanMs: 0, timer: undefined, timedOut: false }),
    ).toBe('at +0.5, +1.5, +3.5, +7.5, +15.5, +31.5 s (Timer A: doubling from T1 = 500 ms)');
  });

  it('recognises Timer E capped at T2 for a non-INVITE request', () => {
    const r = readRetransmissions(at(0, 500, 1500, 3500, 7500, 11500, 15500), true);
    expect(r?.timer).toBe('Timer E');
    expect(r?.timedOut).toBe(false);
  });

  it('says when the gaps do not follow the RFC timers, and needs times', () => {
    const r = readRetransmissions(at(0, 2000, 4000, 6000), false);
    expect(r?.timer).toBeUndefined();
    expect(describeRetransmissions(r as NonNullable<typeof r>)).toMatch(
      /not the RFC 3261 doubling/,
    );
    expect(readRetransmissions([1, undefined], false)).toBeUndefined();
    expect(readRetransmissions(at(0), false)).toBeUndefined();
  });
});
