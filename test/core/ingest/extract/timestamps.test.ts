/** Timestamps as the tools print them: the text always, the instant only with a full date. */
import { describe, expect, it } from 'vitest';
import {
  dateTimeStamp,
  epochFromDecimalSeconds,
  epochFromNumber,
  findTimestamp,
} from '../../../../src/core/ingest/extract/timestamps.js';

const at = (iso: string, micros = 0): number => Date.parse(iso) * 1000 + micros;

describe('findTimestamp', () => {
  it.each([
    [
      '2026-11-24T10:00:00.123456789Z x',
      '2026-11-24T10:00:00.123456789Z',
      at('2026-11-24T10:00:00Z', 123456),
    ],
    [
      '2026-11-24T12:00:00.5+02:00 host',
      '2026-11-24T12:00:00.5+02:00',
      at('2026-11-24T10:00:00Z', 500000),
    ],
    ['2026-11-24T05:00:00-0500', '2026-11-24T05:00:00-0500', at('2026-11-24T10:00:00Z')],
    [
      '[2026-11-24 10:00:00.123] VERBOSE',
      '2026-11-24 10:00:00.123',
      at('2026-11-24T10:00:00Z', 123000),
    ],
    [
      '2026/11/24 10:00:00.000001 192.0.2.1',
      '2026/11/24 10:00:00.000001',
      at('2026-11-24T10:00:00Z', 1),
    ],
    [
      'Nov 24, 2026 10:00:00.123456000 UTC',
      'Nov 24, 2026 10:00:00.123456000 UTC',
      at('2026-11-24T10:00:00Z', 123456),
    ],
  ])('%j has a full date and time', (text, stamp, micros) => {
    expect(findTimestamp(text)).toEqual({ text: stamp, epochMicros: micros });
  });

  it.each([
    ['Nov  9 10:00:00 sbc1 kamailio[1]:', 'Nov  9 10:00:00'],
    ['recv 12 bytes at 10:00:00.123456:', '10:00:00.123456'],
    ['Nov 24, 2026 11:00:00.000000000 CET', 'Nov 24, 2026 11:00:00.000000000 CET'],
  ])('%j keeps the text only (no year, no date or an unknown zone)', (text, stamp) => {
    expect(findTimestamp(text)).toEqual({ text: stamp });
  });

  it('finds nothing in text without a time or with an impossible date', () => {
    expect(findTimestamp('kamailio[812]: ')).toBeUndefined();
    expect(findTimestamp('2026-13-45T10:00:00Z')).toEqual({ text: '2026-13-45T10:00:00Z' });
  });
});

describe("dateTimeStamp (a header line's stamp read by character codes)", () => {
  it("reads sngrep's stamp as findTimestamp does, text and instant", () => {
    expect(dateTimeStamp('2026/11/24 10:00:00.000001')).toEqual({
      text: '2026/11/24 10:00:00.000001',
      epochMicros: at('2026-11-24T10:00:00Z', 1),
    });
  });

  it('answers as findTimestamp for every shape the header pattern lets through', () => {
    // Each piece varied on its own over what ARROW's first group accepts, and some it does not.
    const dates = [
      '2026/11/24',
      '2026-11-24',
      '2026/11-24',
      '2026-11/24',
      '2026/13/24',
      '2026/02/31',
    ];
    const dates2 = [
      '1999-00-10',
      '2026/12/00',
      '2026-01-32',
      '0000/01/01',
      '2026:11:24',
      '2026/1a/24',
    ];
    const joins = [' ', 'T', '_'];
    const times = [
      '10:00:00',
      '23:59:60',
      '24:00:00',
      '10:60:00',
      '09:05:07',
      '10-00-00',
      '1a:00:00',
    ];
    const fractions = ['', '.', '.5', '.123', '.000001', '.123456789', '.1234567891', '.12a'];
    const zones = ['', 'Z', 'z', 'ZZ'];
    let compared = 0;
    for (const date of [...dates, ...dates2])
      for (const join of joins)
        for (const time of times)
          for (const fraction of fractions)
            for (const zone of zones) {
              const text = `${date}${join}${time}${fraction}${zone}`;
              expect(dateTimeStamp(text), text).toEqual(findTimestamp(text));
              compared++;
            }
    expect(compared).toBe(12 * 3 * 7 * 8 * 4);
  });
});

describe('epoch numbers', () => {
  it('reads seconds, milliseconds, microseconds and nanoseconds by size', () => {
    const micros = 1795514400123456;
    expect(epochFromNumber(1795514400.123456)).toBe(micros);
    expect(epochFromNumber(1795514400123)).toBe(1795514400123000);
    expect(epochFromNumber(micros)).toBe(micros);
    expect(epochFromNumber(micros * 1000 + 789)).toBe(micros);
    expect(epochFromNumber(0)).toBeUndefined();
    expect(epochFromNumber(Number.NaN)).toBeUndefined();
  });

  it('reads decimal seconds without losing microseconds', () => {
    expect(epochFromDecimalSeconds('1795514400.123456789')).toBe(1795514400123456);
    expect(epochFromDecimalSeconds('1795514400')).toBe(1795514400000000);
    expect(epochFromDecimalSeconds('soon')).toBeUndefined();
  });
});
