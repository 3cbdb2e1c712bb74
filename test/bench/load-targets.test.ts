/**
 * The Slack and Discord load rows say met or MISSED against their targets
 * in the row itself, as the diagnosis rows do.
 */
import { describe, expect, it } from 'vitest';
import { ACK_P99_MS, LOOKUP_CARD_P99_MS, loadVerdict } from '../../bench/load-targets.js';

const slackLookup = (ackP99: number, cardP99: number) => [
  { what: 'ack', p99Ms: ackP99, limitMs: ACK_P99_MS },
  { what: 'card', p99Ms: cardP99, limitMs: LOOKUP_CARD_P99_MS },
];

describe('loadVerdict (the bots under load)', () => {
  it('says met for each target under its limit', () => {
    expect(loadVerdict(0, slackLookup(97, 401))).toBe(
      'ack p99 < 100 ms: met; card p99 < 500 ms: met',
    );
  });

  it('flags the one target over its limit, and a p99 at the limit, as missed', () => {
    expect(loadVerdict(0, slackLookup(112, 278))).toBe(
      'ack p99 < 100 ms: MISSED; card p99 < 500 ms: met',
    );
    expect(loadVerdict(0, slackLookup(100, 500))).toBe(
      'ack p99 < 100 ms: MISSED; card p99 < 500 ms: MISSED',
    );
  });

  it('misses a target nothing was timed for, and says first how many requests failed', () => {
    expect(loadVerdict(0, slackLookup(40, Number.NaN))).toBe(
      'ack p99 < 100 ms: met; card p99 < 500 ms: MISSED',
    );
    expect(loadVerdict(3, [{ what: 'initial response', p99Ms: 64, limitMs: 100 }])).toBe(
      '3 failed: MISSED; initial response p99 < 100 ms: met',
    );
  });
});
