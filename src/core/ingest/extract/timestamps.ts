/**
 * Timestamps as logs and tools print them. The text is always kept; the
 * instant (microseconds since the epoch) only when a full date and time are
 * known. Times without a zone are taken as UTC: most of these tools print
 * UTC or the capture host's local time, and a paste does not say which.
 */

export interface FoundTimestamp {
  text: string;
  epochMicros?: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// Each pattern is a fixed sequence of bounded pieces: no nested quantifiers.
const ISO =
  /(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}:?\d{2}| UTC| GMT)?/;
const SLASHED = /(\d{4})\/(\d{2})\/(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?/;
const WIRESHARK =
  /([A-Z][a-z]{2}) {1,2}(\d{1,2}), (\d{4}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: ([A-Za-z][A-Za-z ]{0,60}))?/;
const SYSLOG = /([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?/;
const TIME_ONLY = /(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?/;

/** The first timestamp in `text` (searched in its first 300 characters). */
export function findTimestamp(text: string): FoundTimestamp | undefined {
  const s = text.length > 300 ? text.slice(0, 300) : text;
  if (!/\d\d:\d\d/.test(s)) return undefined;

  // ISO dates need a "-" (a time stamp cut from a header line, such as sngrep's, often has none).
  let m = s.includes('-') ? ISO.exec(s) : null;
  if (m) {
    const zone = m[8]?.trim();
    const epoch = epochMicros(m[1], m[2], m[3], m[4], m[5], m[6], m[7], zoneOffsetMinutes(zone));
    return withEpoch(m[0], epoch);
  }
  m = SLASHED.exec(s);
  if (m) return withEpoch(m[0], epochMicros(m[1], m[2], m[3], m[4], m[5], m[6], m[7], 0));
  m = WIRESHARK.exec(s);
  if (m) {
    const zone = m[8]?.trim();
    const month = monthNumber(m[1]);
    // Wireshark names the capture host's zone; only UTC can be turned into an instant.
    const utc = zone === undefined || zone === 'UTC' || zone === 'GMT';
    const epoch =
      month && utc ? epochMicros(m[3], String(month), m[2], m[4], m[5], m[6], m[7], 0) : undefined;
    return withEpoch(m[0], epoch);
  }
  m = SYSLOG.exec(s);
  if (m && monthNumber(m[1])) return { text: m[0] };
  m = TIME_ONLY.exec(s);
  if (m) return { text: m[0] };
  return undefined;
}

/**
 * findTimestamp's answer for text already known to be a date and time with
 * nothing around it, "YYYY?MM?DD?hh:mm:ss", a fraction of up to 9 digits
 * and a "Z" allowed (a header line's stamp, as sngrep prints it): read by
 * character codes instead of trying each pattern in turn, since a paste has
 * one such stamp per message. Anything else (separators that are not both
 * "-" or both "/") goes to findTimestamp.
 */
export function dateTimeStamp(text: string): FoundTimestamp | undefined {
  const sep = text.charCodeAt(4);
  const n = text.length;
  let fractionEnd = 19;
  if (n > 20 && text.charCodeAt(19) === 46) {
    fractionEnd = 20;
    while (fractionEnd < n && isDigitAt(text, fractionEnd)) fractionEnd++;
  }
  const zulu = fractionEnd === n - 1 && text.charCodeAt(fractionEnd) === 90;
  const fixed =
    (sep === 45 || sep === 47) &&
    text.charCodeAt(7) === sep &&
    (text.charCodeAt(10) === 32 || text.charCodeAt(10) === 84) &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58 &&
    fractionEnd !== 20 &&
    fractionEnd <= 29 &&
    (fractionEnd === n || zulu) &&
    digitsAt(text, 0, 4) &&
    digitsAt(text, 5, 7) &&
    digitsAt(text, 8, 10) &&
    digitsAt(text, 11, 13) &&
    digitsAt(text, 14, 16) &&
    digitsAt(text, 17, 19);
  if (!fixed) return findTimestamp(text);
  const micros = fractionMicrosAt(text, 20, fractionEnd);
  const epoch = epochOf(
    numberAt(text, 0, 4),
    numberAt(text, 5, 7),
    numberAt(text, 8, 10),
    numberAt(text, 11, 13),
    numberAt(text, 14, 16),
    numberAt(text, 17, 19),
    micros,
    0,
  );
  // As the patterns match: ISO's takes the "Z" in, the slashed one stops before it.
  return withEpoch(sep === 45 || !zulu ? text : text.slice(0, n - 1), epoch);
}

/** The decimal number written from `from` to `to` (digits only, checked by the caller). */
function numberAt(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

function isDigitAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c >= 48 && c <= 57;
}

function digitsAt(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isDigitAt(text, i)) return false;
  return true;
}

/** Microseconds since the epoch from a number of seconds, milliseconds, micro- or nanoseconds. */
export function epochFromNumber(value: number): number | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  if (value >= 1e17) return Math.floor(value / 1000);
  if (value >= 1e14) return Math.floor(value);
  if (value >= 1e11) return Math.round(value * 1000);
  return Math.round(value * 1e6);
}

/** Seconds with a fraction, as in "1795514400.123456789", to microseconds without float drift. */
export function epochFromDecimalSeconds(text: string): number | undefined {
  const m = /^(\d{1,12})(?:\.(\d{1,9}))?$/.exec(text.trim());
  if (!m?.[1]) return undefined;
  return Number(m[1]) * 1e6 + fractionMicros(m[2]);
}

/** ISO 8601 text with microseconds for an instant (used to label JSON log lines). */
export function isoFromEpochMicros(micros: number): string {
  const date = new Date(Math.floor(micros / 1000));
  if (Number.isNaN(date.getTime())) return '';
  const fraction = String(((micros % 1e6) + 1e6) % 1e6).padStart(6, '0');
  return `${date.toISOString().slice(0, 19)}.${fraction}Z`;
}

function withEpoch(text: string, epoch: number | undefined): FoundTimestamp {
  return epoch === undefined ? { text } : { text, epochMicros: epoch };
}

function monthNumber(name: string | undefined): number {
  return name ? MONTHS.indexOf(name.toLowerCase()) + 1 : 0;
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'UTC' || zone === 'GMT') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/** The first six digits of a fraction of a second (the patterns above match digits only), as microseconds. */
function fractionMicros(fraction: string | undefined): number {
  return fraction ? fractionMicrosAt(fraction, 0, fraction.length) : 0;
}

/** As fractionMicros, for the digits of `text` from `from` to `end`. */
function fractionMicrosAt(text: string, from: number, end: number): number {
  let micros = 0;
  for (let i = from; i < from + 6; i++)
    micros = micros * 10 + (i < end ? text.charCodeAt(i) - 48 : 0);
  return micros;
}

function epochMicros(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
  hour: string | undefined,
  minute: string | undefined,
  second: string | undefined,
  fraction: string | undefined,
  offsetMinutes: number,
): number | undefined {
  return epochOf(
    Number(year),
    Number(month),
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    fractionMicros(fraction),
    offsetMinutes,
  );
}

/** The instant of a date and time (UTC plus `offsetMinutes`), or undefined when no such date can be. */
function epochOf(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  micros: number,
  offsetMinutes: number,
): number | undefined {
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 60))
    return undefined;
  const millis = Date.UTC(y, mo - 1, d, h, mi, s) - offsetMinutes * 60_000;
  if (!Number.isFinite(millis)) return undefined;
  return millis * 1000 + micros;
}
