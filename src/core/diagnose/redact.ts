/**
 * Redaction of secrets in anything a diagnosis echoes back: digest
 * `response` and `cnonce` values, passwords in URIs, SDES keys in
 * `a=crypto` lines, bearer tokens and JWT-looking strings (a PASSporT in an
 * Identity header is signed, not secret, but its signature part is noise
 * and is cut like a token). Optionally phone numbers and IP addresses are
 * replaced by pseudonyms that stay the same within one answer, so a ladder
 * still shows who talks to whom. One Redactor serves one answer and counts
 * what it replaced.
 */

export interface RedactOptions {
  /** Replace phone numbers (7 to 15 digits, with or without "+") by "+N1", "+N2"... */
  numbers?: boolean;
  /** Replace IPv4 and IPv6 addresses by "ip-1", "ip-2"... */
  addresses?: boolean;
}

const MARK = '[redacted]';

/**
 * Digest parameters that prove the password: response="...", cnonce="..."
 * (quoted, unquoted, or with escaped quotes as inside a quoted Warning text:
 * response=\"...\").
 */
const DIGEST_SECRET =
  /\b(response|cnonce)(\s*=\s*)(\\"[^"]*\\"|"(?:[^"\\]|\\.)*"|\\?"[^"\s,;]*|[^\s,;"\\]+)/gi;
/**
 * sip:user:password@host, sips:, and the same inside other URIs; also a
 * password an excerpt cut short ("sip:alice:hunt…" in a problem message).
 */
const URI_PASSWORD = /\b(sips?:[^:@\s;>"]+:)([^@\s;>"…]+)(@|…)/gi;
/** a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:KEY|2^20|1:32 */
const SDES_KEY = /(inline:)([A-Za-z0-9+/=]+)/g;
/** Authorization: Bearer <token> */
const BEARER = /\b(Bearer\s+)([A-Za-z0-9\-._~+/]+=*)/g;
/** header.payload.signature of a JWT (PASSporTs included): the signature is cut. */
const JWT = /\b(eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.)([A-Za-z0-9_-]{8,})/g;
/**
 * What every secret above starts with or needs (a superset, any case): text
 * without any of it (a Call-ID, a tag, most header lines) skips the five
 * scans, which a diagnosis of thousands of calls runs on each call's id.
 */
const MAY_HOLD_SECRET = /response|cnonce|sips?:|inline:|bearer|eyJ/i;
/**
 * A phone number: on its own, or as the user part of a sip:/sips:/tel: URI
 * (where it may be followed by ":password", ";params" or "@host"). Digits
 * right after a "+" are never matched without it, so "+1555..." becomes
 * "+N1", not "++N1".
 */
const PHONE = /(?<=\b(?:sips?|tel):)\+?\d{7,15}(?![\w.+-])|(?<![\w.:+-])\+?\d{7,15}(?![\w.:])/gi;
const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])/g;
const IPV6 = /(?<![\w:.])(?:[0-9a-f]{1,4}:){2,7}(?::|[0-9a-f]{1,4})(?![\w:])/gi;

export class Redactor {
  /** How many values were replaced so far. */
  count = 0;
  private readonly numbers = new Map<string, string>();
  private readonly addresses = new Map<string, string>();

  constructor(private readonly options: RedactOptions = {}) {}

  /** `text` with every secret replaced (and numbers/addresses pseudonymised when asked). */
  text(text: string): string {
    let out = MAY_HOLD_SECRET.test(text) ? this.secretsOut(text) : text;
    if (this.options.addresses) {
      out = out
        .replace(IPV4, (a) => this.pseudonym(this.addresses, a, 'ip-'))
        .replace(IPV6, (a) => this.pseudonym(this.addresses, a, 'ip-'));
    }
    if (this.options.numbers)
      out = out.replace(PHONE, (n) => this.pseudonym(this.numbers, n, '+N'));
    return out;
  }

  /** `text` with its digest values, URI passwords, keys and tokens replaced. */
  private secretsOut(text: string): string {
    return text
      .replace(DIGEST_SECRET, (_m, name: string, eq: string, value: string) => {
        this.count++;
        const quote = value.startsWith('\\"') ? '\\"' : value.startsWith('"') ? '"' : '';
        return `${name}${eq}${quote}${MARK}${quote}`;
      })
      .replace(URI_PASSWORD, (_m, head: string, _pw: string, at: string) => {
        this.count++;
        return `${head}${MARK}${at}`;
      })
      .replace(SDES_KEY, (_m, head: string) => {
        this.count++;
        return `${head}${MARK}`;
      })
      .replace(BEARER, (_m, head: string) => {
        this.count++;
        return `${head}${MARK}`;
      })
      .replace(JWT, (_m, head: string) => {
        this.count++;
        return `${head}${MARK}`;
      });
  }

  /** The same pseudonym for the same value within this answer. */
  private pseudonym(map: Map<string, string>, value: string, prefix: string): string {
    let name = map.get(value);
    if (name === undefined) {
      name = `${prefix}${map.size + 1}`;
      map.set(value, name);
      this.count++;
    }
    return name;
  }
}

/**
 * `text` with its secrets (digest values, URI passwords, keys, tokens)
 * replaced: for every echo of user text in an answer (a query repeated in a
 * heading, a pasted line shown back).
 */
export function redactSecrets(text: string): string {
  return new Redactor().text(text);
}
