/**
 * Reading unsigned integers out of a byte array at any offset, in either
 * byte order. Plain byte arithmetic keeps the hot path free of DataView
 * allocations; callers check bounds before they read.
 */

export function u16be(b: Uint8Array, i: number): number {
  return ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
}

export function u16le(b: Uint8Array, i: number): number {
  return (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
}

export function u32be(b: Uint8Array, i: number): number {
  return (
    (((b[i] ?? 0) << 24) | ((b[i + 1] ?? 0) << 16) | ((b[i + 2] ?? 0) << 8) | (b[i + 3] ?? 0)) >>> 0
  );
}

export function u32le(b: Uint8Array, i: number): number {
  return (
    ((b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24)) >>> 0
  );
}

export function u16(b: Uint8Array, i: number, littleEndian: boolean): number {
  return littleEndian ? u16le(b, i) : u16be(b, i);
}

export function u32(b: Uint8Array, i: number, littleEndian: boolean): number {
  return littleEndian ? u32le(b, i) : u32be(b, i);
}
