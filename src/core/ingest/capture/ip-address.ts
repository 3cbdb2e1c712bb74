/**
 * IP addresses as text, the way people and tools write them: dotted quads
 * for IPv4 and the RFC 5952 canonical form for IPv6 (lower-case, no leading
 * zeros, the longest run of zero groups shortened to "::", IPv4-mapped
 * addresses in mixed notation), so addresses compare equal to log text.
 */

/** The four bytes at `i` as a dotted quad. */
export function ipv4Text(b: Uint8Array, i: number): string {
  return `${b[i] ?? 0}.${b[i + 1] ?? 0}.${b[i + 2] ?? 0}.${b[i + 3] ?? 0}`;
}

/** The sixteen bytes at `i` in RFC 5952 form. */
export function ipv6Text(b: Uint8Array, i: number): string {
  const groups: number[] = [];
  for (let g = 0; g < 8; g++) groups.push(((b[i + g * 2] ?? 0) << 8) | (b[i + g * 2 + 1] ?? 0));

  // ::ffff:a.b.c.d keeps the embedded IPv4 address readable.
  if (
    groups[0] === 0 &&
    groups[1] === 0 &&
    groups[2] === 0 &&
    groups[3] === 0 &&
    groups[4] === 0 &&
    groups[5] === 0xffff
  ) {
    return `::ffff:${ipv4Text(b, i + 12)}`;
  }

  let bestStart = -1;
  let bestLength = 0;
  for (let g = 0; g < 8; ) {
    if (groups[g] !== 0) {
      g++;
      continue;
    }
    let end = g;
    while (end < 8 && groups[end] === 0) end++;
    if (end - g > bestLength) {
      bestStart = g;
      bestLength = end - g;
    }
    g = end;
  }
  // A single zero group is written as "0", not shortened.
  if (bestLength < 2) return groups.map((x) => x.toString(16)).join(':');
  const head = groups
    .slice(0, bestStart)
    .map((x) => x.toString(16))
    .join(':');
  const tail = groups
    .slice(bestStart + bestLength)
    .map((x) => x.toString(16))
    .join(':');
  return `${head}::${tail}`;
}
