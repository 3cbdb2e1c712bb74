/**
 * Fitting text into platform limits without losing it silently: split at
 * line (or word) boundaries into chunks, or cut with a visible marker.
 */

export const TRUNCATED = '… (truncated)';

/** Cuts text to at most `max` characters, ending with a visible marker when anything was cut. */
export function truncate(text: string, max: number, marker = TRUNCATED): string {
  if (text.length <= max) return text;
  if (max <= marker.length) return marker.slice(0, max);
  // Drop a trailing partial HTML entity ("&am") so escaped text stays well formed.
  const kept = text.slice(0, max - marker.length).replace(/&[a-z#0-9]{0,6}$/i, '');
  return `${kept.trimEnd()}${marker}`;
}

/** Splits text into chunks of at most `max` characters, preferring line breaks, then spaces. */
export function splitText(text: string, max: number): string[] {
  if (max < 1) throw new RangeError('max must be at least 1');
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) {
      cut = max;
      // Do not split an HTML entity (Slack text is entity-escaped) across chunks.
      const amp = rest.lastIndexOf('&', cut - 1);
      if (amp > cut - 8 && !rest.slice(amp, cut).includes(';')) cut = amp > 0 ? amp : cut;
    }
    chunks.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}
