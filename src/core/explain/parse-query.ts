/** Recognises what an explain query asks for: a code, a class, a cause, a warn-code, a vendor name or free text. */

export type ExplainQuery =
  | { type: 'empty' }
  | { type: 'code'; code: number }
  | { type: 'out-of-range'; code: number }
  | { type: 'class'; digit: number }
  | { type: 'q850'; cause: number }
  | { type: 'warning'; code: number }
  | { type: 'cause-name'; name: string }
  | { type: 'text'; text: string };

/** Longer queries are cut here; nobody types a 200-character code lookup. */
export const MAX_QUERY_LENGTH = 200;

export function parseQuery(raw: string): ExplainQuery {
  const text = raw
    .slice(0, MAX_QUERY_LENGTH)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .replace(/^\/?sip\b(?!\/)\s*/i, '')
    .trim();
  if (!text) return { type: 'empty' };

  // "403", "403 Forbidden", "SIP/2.0 403 Forbidden", "code 403"
  const status = /^(?:(?:sip\/2\.0|code|status|response)\s+)?(\d{3})\b(?!\s*[/.]?\d)/i.exec(text);
  if (status) {
    const code = Number(status[1]);
    return code >= 100 && code <= 699 ? { type: 'code', code } : { type: 'out-of-range', code };
  }
  // "1000", "SIP/2.0 1000": four digits or more are no SIP code either, as 999 is not.
  const long = /^(?:(?:sip\/2\.0|code|status|response)\s+)?(\d{4,15})(?:\s+\D.*)?$/i.exec(text);
  if (long) return { type: 'out-of-range', code: Number(long[1]) };
  // A pasted header decodes as a pasted status line does: "Reason: Q.850;cause=34;text=...",
  // "Reason: SIP;cause=480" (RFC 3326), "Warning: 399 host \"text\"" (RFC 3261 §20.43).
  const reason = /^reason\s*:\s*(q\.?850|sip)\s*;(.*)$/i.exec(text);
  const reasonCause = reason ? /(?:^|;)\s*cause\s*=\s*(\d{1,4})\b/i.exec(reason[2] ?? '') : null;
  if (reason && reasonCause) {
    const value = Number(reasonCause[1]);
    if (/^sip$/i.test(reason[1] ?? ''))
      return value >= 100 && value <= 699
        ? { type: 'code', code: value }
        : { type: 'out-of-range', code: value };
    return { type: 'q850', cause: value };
  }
  const warningHeader = /^warning\s*:\s*(\d{3})(?:\s|$)/i.exec(text);
  if (warningHeader) return { type: 'warning', code: Number(warningHeader[1]) };
  const cls = /^([1-6])xx$/i.exec(text);
  if (cls) return { type: 'class', digit: Number(cls[1]) };
  const q850 =
    /^(?:q\.?\s?850|cause|isup|hangup[\s_-]?cause)\s*(?:cause\s*)?[#:=]?\s*(\d{1,3})$/i.exec(text);
  if (q850) return { type: 'q850', cause: Number(q850[1]) };
  const warning = /^(?:warning|warn(?:[\s_-]?code)?)\s*[#:=]?\s*(\d{3})$/i.exec(text);
  if (warning) return { type: 'warning', code: Number(warning[1]) };
  if (/^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+$|^[A-Z]{4,}$/.test(text)) {
    return { type: 'cause-name', name: text.toUpperCase() };
  }
  return { type: 'text', text };
}
