// Field splitting and number readers shared by the SDP line parsers.
import { isDigits } from '../content-type.js';

/** Splits at runs of spaces or tabs. */
export function fields(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
    const s = i;
    while (i < text.length && text.charCodeAt(i) !== 0x20 && text.charCodeAt(i) !== 0x09) i++;
    if (i > s) out.push(text.slice(s, i));
  }
  return out;
}

/** A non-negative integer of at most 15 digits, else undefined. */
export function integer(text: string | undefined): number | undefined {
  if (text === undefined || text.length > 15 || !isDigits(text)) return undefined;
  return Number(text);
}

/** A non-negative decimal number ("20", "0.5"), else undefined. */
export function decimal(text: string | undefined): number | undefined {
  if (text === undefined || text.length === 0 || text.length > 20) return undefined;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2e) dots++;
    else if (c < 0x30 || c > 0x39) return undefined;
  }
  if (dots > 1 || text.startsWith('.') || text.endsWith('.')) return undefined;
  return Number(text);
}
