/**
 * IntPairMap (the address book's table of addresses and ports) against a
 * Map keyed by the same pairs: any sequence of sets and gets, with keys
 * that collide, keys outside the small-integer range, growth and the bound.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntPairMap } from '../../../../src/core/ingest/capture/int-pair-map.js';

/** A pair as an IPv4 address (any u32) and a port, or a narrow range that makes collisions. */
const pair = fc.oneof(
  fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 65535 })),
  fc.tuple(fc.nat({ max: 7 }), fc.nat({ max: 7 })),
);

describe('IntPairMap', () => {
  it('answers as a Map of the same pairs, through growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), pair, fc.string()), { maxLength: 400 }),
        (ops) => {
          const map = new IntPairMap<string>(1_000_000, 2);
          const model = new Map<string, string>();
          for (const [isSet, [a, b], value] of ops) {
            const key = `${a | 0} ${b | 0}`;
            if (isSet) {
              map.set(a, b, value);
              model.set(key, value);
            }
            expect(map.get(a, b)).toBe(model.get(key));
          }
          expect(map.size).toBe(model.size);
          for (const [key, value] of model) {
            const [a, b] = key.split(' ').map(Number) as [number, number];
            expect(map.get(a, b)).toBe(value);
          }
        },
      ),
    );
  });

  it('takes an address as its u32 or its int32, alike', () => {
    const map = new IntPairMap<string>(10);
    map.set(0xc0000201, 5060, '192.0.2.1:5060');
    expect(map.get(0xc0000201 | 0, 5060)).toBe('192.0.2.1:5060');
    expect(map.get(0xc0000201, 5061)).toBeUndefined();
  });

  it('empties itself rather than grow past its limit, and goes on answering', () => {
    const map = new IntPairMap<number>(100);
    for (let i = 0; i < 100; i++) map.set(i, 1, i);
    expect(map.size).toBe(100);
    expect(map.get(42, 1)).toBe(42);
    map.set(100, 1, 100);
    expect(map.size).toBe(1);
    expect(map.get(42, 1)).toBeUndefined();
    expect(map.get(100, 1)).toBe(100);
    // Setting a key it holds again is no new entry.
    map.set(100, 1, 7);
    expect(map.size).toBe(1);
    expect(map.get(100, 1)).toBe(7);
  });
});
