/**
 * A real copy of a byte range. Node's Buffer#slice returns a view, not a
 * copy, so data kept across chunks is copied through here to let the
 * chunk it came from be collected.
 */
export function copyBytes(b: Uint8Array, start = 0, end = b.byteLength): Uint8Array {
  const out = new Uint8Array(end - start);
  out.set(b.subarray(start, end));
  return out;
}
