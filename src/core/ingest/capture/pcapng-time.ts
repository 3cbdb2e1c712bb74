/**
 * pcapng timestamps: a 64-bit count of units per interface, where the
 * if_tsresol option sets the unit (10^-n or 2^-n seconds; microseconds when
 * absent) and if_tsoffset adds whole seconds. Converted to microseconds
 * exactly: nanosecond counts pass 2^53, so they are split rather than
 * multiplied out in floating point.
 */

const TWO_32 = 4294967296;

export type TimestampToMicros = (high: number, low: number) => number;

/** Converter for an interface's if_tsresol byte (default 6) and if_tsoffset seconds. */
export function timestampConverter(tsresol: number, offsetSeconds: number): TimestampToMicros {
  const offset = offsetSeconds * 1_000_000;
  const binary = (tsresol & 0x80) !== 0;
  const exponent = tsresol & 0x7f;

  if (!binary && exponent === 6) return (high, low) => high * TWO_32 + low + offset;
  if (!binary && exponent < 6) {
    const factor = 10 ** (6 - exponent);
    return (high, low) => (high * TWO_32 + low) * factor + offset;
  }
  if (!binary && exponent <= 15) {
    // units / d, with 2^32 = q*d + r so high*2^32/d splits into exact parts.
    const d = 10 ** (exponent - 6);
    const q = Math.floor(TWO_32 / d);
    const r = TWO_32 - q * d;
    return (high, low) => {
      const rest = high * r + low;
      if (Number.isSafeInteger(rest)) return high * q + Math.floor(rest / d) + offset;
      return viaBigInt(high, low, 10n ** BigInt(exponent)) + offset;
    };
  }
  const unitsPerSecond = binary ? 2n ** BigInt(exponent) : 10n ** BigInt(exponent);
  return (high, low) => viaBigInt(high, low, unitsPerSecond) + offset;
}

function viaBigInt(high: number, low: number, unitsPerSecond: bigint): number {
  const units = (BigInt(high) << 32n) | BigInt(low);
  return Number((units * 1_000_000n) / unitsPerSecond);
}
