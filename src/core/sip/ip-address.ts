/**
 * IP address text forms: dotted-quad IPv4 and RFC 4291 IPv6 (with "::" and
 * an embedded IPv4 tail). RFC 3261's ABNF for IPv6 is looser than RFC 4291
 * (RFC 5118 §4.10), so addresses are checked against RFC 4291.
 */
import { isDigit, isHexDigit } from './char-classes.js';

/** True for a dotted quad of decimal numbers 0-255 between `start` and `end`. */
export function isIpv4Address(text: string, start = 0, end: number = text.length): boolean {
  let parts = 0;
  let i = start;
  while (i < end) {
    const partStart = i;
    let value = 0;
    while (i < end && isDigit(text.charCodeAt(i)) && i - partStart < 4) {
      value = value * 10 + text.charCodeAt(i) - 48;
      i++;
    }
    const length = i - partStart;
    if (length === 0 || length > 3 || value > 255) return false;
    parts++;
    if (i === end) break;
    if (text.charCodeAt(i) !== 46 || parts === 4) return false;
    i++;
    if (i === end) return false;
  }
  return parts === 4;
}

/** True for an RFC 4291 IPv6 address (no brackets, no zone) between `start` and `end`. */
export function isIpv6Address(text: string, start = 0, end: number = text.length): boolean {
  let i = start;
  let groups = 0;
  let compressed = false;
  if (end - start < 2) return false;
  if (text.charCodeAt(i) === 58) {
    if (text.charCodeAt(i + 1) !== 58) return false;
    compressed = true;
    i += 2;
    if (i === end) return true;
  }
  for (;;) {
    const groupStart = i;
    while (i < end && isHexDigit(text.charCodeAt(i)) && i - groupStart < 5) i++;
    if (i < end && text.charCodeAt(i) === 46) {
      // An IPv4 tail takes the room of two groups and ends the address.
      if (!isIpv4Address(text, groupStart, end)) return false;
      groups += 2;
      break;
    }
    const length = i - groupStart;
    if (length === 0 || length > 4) return false;
    groups++;
    if (i === end) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (i < end && text.charCodeAt(i) === 58) {
      if (compressed) return false;
      compressed = true;
      i++;
      if (i === end) break;
    } else if (i === end) {
      return false;
    }
  }
  return compressed ? groups <= 7 : groups === 8;
}
