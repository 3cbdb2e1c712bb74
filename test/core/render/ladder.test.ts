/** The monospace ladder drawn from hand-built ladder data, without a trace behind it. */
import { describe, expect, it } from 'vitest';
import type { Ladder, LadderArrow } from '../../../src/core/diagnose/types.js';
import { LADDER_WIDTH, renderLadder } from '../../../src/core/render/ladder.js';

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0) * 1000;
const PHONE = { name: '192.0.2.10:5060', title: '192.0.2.10:5060 Phone/1.0' };
const PBX = { name: '203.0.113.5:5060', title: '203.0.113.5:5060' };

function arrow(from: number, to: number, label: string, ms: number | undefined, count = 1) {
  return {
    from,
    to,
    label,
    time: ms === undefined ? undefined : T0 + ms * 1000,
    count,
    message: 0,
    leg: 0,
    decisive: false,
  };
}

/** `n` alternating requests and answers between the first two columns, 10 ms apart. */
function pingPong(n: number): LadderArrow[] {
  return Array.from({ length: n }, (_, k) =>
    k % 2 === 0 ? arrow(0, 1, `INFO ${k}`, k * 10) : arrow(1, 0, `200 OK ${k}`, k * 10),
  );
}

/** `n` elements with long titles, and arrows from the first to the last with long labels. */
function crowded(n: number): Ladder {
  const last = n - 1;
  return {
    legs: [],
    columns: Array.from({ length: n }, (_, c) => ({
      name: `[2001:db8::${c}]:5060`,
      title: `[2001:db8::${c}]:5060 ${'VeryLongProductName/1.2.3 '.repeat(3)}`,
    })),
    arrows: [
      arrow(0, last, '503 Service Unavailable here', 0, 7),
      arrow(last, 0, 'SUBSCRIBE', 12_345),
      arrow(last, last, '999 A reason phrase cut at 28', 99_999),
      arrow(0, 1, 'NOTIFY', 100_000),
    ],
  };
}

describe('renderLadder', () => {
  it('draws columns, arrows, retransmissions as one counted arrow, times and deltas', () => {
    const ladder: Ladder = {
      legs: [],
      columns: [PHONE, PBX],
      arrows: [
        arrow(0, 1, 'INVITE', 0, 4),
        arrow(1, 0, '486 Busy Here', 4040),
        arrow(0, 1, 'ACK', 4080),
        arrow(1, 1, 'OPTIONS', undefined),
      ],
    };
    expect(renderLadder(ladder).split('\n')).toEqual([
      '                              192.0.2.10:5060 Phone/1.0                203.0.113.5:5060',
      '09:00:00.000                              |-------------INVITE x4------------->|',
      '09:00:04.040 +4.04s                       |<----------486 Busy Here------------|',
      '09:00:04.080 +40ms                        |----------------ACK---------------->|',
      '                                          |                                    | OPTIONS (loop)',
    ]);
  });

  it('leaves the time column out when no arrow has a time', () => {
    const text = renderLadder({
      legs: [],
      columns: [PHONE, PBX],
      arrows: [arrow(0, 1, 'INVITE', undefined), arrow(1, 0, '100 Trying', undefined)],
    });
    const rows = text.split('\n').slice(1);
    for (const row of rows) expect(row).toMatch(/^ {24}\|/);
    expect(text).not.toMatch(/\d\d:\d\d:\d\d/);
  });

  it('measures each delta from the last arrow that had a time', () => {
    const text = renderLadder({
      legs: [],
      columns: [PHONE, PBX],
      arrows: [
        arrow(0, 1, 'INVITE', 0),
        arrow(1, 0, '100 Trying', undefined),
        arrow(1, 0, '180 Ringing', 250),
      ],
    });
    expect(text.split('\n')[3]).toMatch(/^09:00:00\.250 \+250ms /);
  });

  it('keeps the first and last 20 arrows of a long ladder, with a marker between', () => {
    const arrows = pingPong(50);
    const lines = renderLadder({ legs: [], columns: [PHONE, PBX], arrows }).split('\n');
    expect(lines).toHaveLength(1 + 20 + 1 + 20);
    expect(lines[1]).toContain('INFO 0');
    expect(lines[20]).toContain('200 OK 19');
    expect(lines[21]?.trim()).toBe('... 10 messages left out ...');
    expect(lines[22]).toContain('INFO 30');
    expect(lines[41]).toContain('200 OK 49');
    // A ladder of exactly 40 arrows is drawn whole.
    expect(renderLadder({ legs: [], columns: [PHONE, PBX], arrows: pingPong(40) })).not.toContain(
      'left out',
    );
  });

  it('fits in 100 columns with long titles, long labels, counts and times', () => {
    const lines = renderLadder(crowded(5)).split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(LADDER_WIDTH);
    // Every element keeps its column, the last one included.
    expect(lines[4]?.split('|')).toHaveLength(6);
  });

  it('closes the columns up when more elements than fit at full spacing take part', () => {
    for (const n of [6, 8, 12]) {
      const lines = renderLadder(crowded(n)).split('\n');
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(LADDER_WIDTH);
      expect(lines[4]?.split('|')).toHaveLength(n + 1);
    }
  });

  it('says so when there is nothing to draw', () => {
    expect(renderLadder({ legs: [], columns: [], arrows: [] })).toBe('(no SIP messages)');
  });
});
