/**
 * RFC 4475 and RFC 5118 torture messages, read as bytes exactly as stored,
 * each judged by the verdict its expectations.json entry describes:
 * - "parse" / "parse-first": parses with no error-severity problem, with the
 *   values the entry names;
 * - "parse-then-<code>": parses (start line and headers usable) and carries a
 *   problem naming the defect with the response the entry names; for valid
 *   messages no other error-severity problem;
 * - "reject-..." and every invalid message: an error-severity problem whose
 *   id names the actual defect (with the 400/505 a request gets), and, for
 *   the "or-trim" / "or-infer" variants, usable values after the lenient
 *   reading.
 * The score is printed and must be 100%.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage, type SipMessage } from '../../../src/core/sip/parse-message.js';
import type { Problem } from '../../../src/core/sip/types.js';

interface Expectation {
  section: string | null;
  title: string;
  valid: boolean;
  expect: string;
  what: string;
}

const root = new URL('../../fixtures/conformance/', import.meta.url);

function load(dir: string): [string, string, Expectation][] {
  const entries = JSON.parse(
    readFileSync(new URL(`${dir}/expectations.json`, root), 'utf8'),
  ) as Record<string, Expectation>;
  return Object.entries(entries).map(([file, e]) => [dir, file, e]);
}

const cases = [...load('rfc4475'), ...load('rfc5118')];

function bytesOf(dir: string, file: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`${dir}/${file}`, root)));
}

/** Collects failed expectations instead of throwing, so the score can count whole messages. */
class Verdict {
  readonly failures: string[] = [];
  want(ok: boolean, what: string): void {
    if (!ok) this.failures.push(what);
  }
  equal(actual: unknown, expected: unknown, what: string): void {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    if (a !== e) this.failures.push(`${what}: expected ${e}, got ${a}`);
  }
}

type ValueCheck = (m: SipMessage, v: Verdict, raw: Uint8Array) => void;

/** Problems (by id) that name each file's defect, and the response each implies. */
interface Defect {
  ids: string[];
  /** The response code the problem must carry (requests only). */
  response?: number;
  /** The message must mention this (case-insensitive), when the id alone is not specific. */
  mentions?: string;
}

const DEFECTS: Record<string, Defect> = {
  'badinv01.dat': {
    ids: ['via.empty-param', 'via.empty-element', 'contact.empty-param'],
    response: 400,
  },
  'clerr.dat': { ids: ['body.truncated'], response: 400 },
  'ncl.dat': { ids: ['content-length.invalid'], response: 400, mentions: 'negative' },
  'scalar02.dat': { ids: ['cseq.out-of-range'], response: 400 },
  'scalarlg.dat': { ids: ['cseq.out-of-range'] },
  'quotbal.dat': { ids: ['header.unterminated-quote'], response: 400 },
  'ltgtruri.dat': { ids: ['request-uri.angle-brackets'], response: 400 },
  'lwsruri.dat': { ids: ['request-uri.whitespace'], response: 400 },
  'lwsstart.dat': { ids: ['start-line.extra-space'], response: 400 },
  'trws.dat': { ids: ['start-line.trailing-space'], response: 400 },
  'escruri.dat': { ids: ['request-uri.headers'], response: 400 },
  'baddate.dat': { ids: ['date.malformed'], response: 400, mentions: 'GMT' },
  'regbadct.dat': { ids: ['contact.uri-headers-without-brackets'], response: 400 },
  'badaspec.dat': { ids: ['to.uri-whitespace'], response: 400 },
  'baddn.dat': { ids: ['from.display-name', 'to.display-name'], response: 400 },
  'badvers.dat': { ids: ['start-line.version'], response: 505 },
  'mismatch01.dat': { ids: ['cseq.method-mismatch'], response: 400 },
  'mismatch02.dat': { ids: ['cseq.method-mismatch'], response: 400 },
  'bigcode.dat': { ids: ['start-line.status-code'] },
  'test.dat': { ids: ['start-line.malformed'], response: 400, mentions: 'SIP-Version' },
  'mcl01.dat': { ids: ['content-length.conflict'], response: 400 },
  'ipv6-bad': { ids: ['request-uri.invalid'], response: 400, mentions: 'IPv6' },
  'ipv6-bug-abnf-3-colons': { ids: ['request-uri.invalid'], response: 400, mentions: 'IPv6' },
  // Valid messages an element still answers with a specific response.
  'badbranch.dat': { ids: ['via.branch-cookie-only'], response: 400 },
  'insuf.dat': { ids: ['header.missing'], response: 400 },
  'unkscm.dat': { ids: ['request-uri.unsupported-scheme'], response: 416 },
  'novelsc.dat': { ids: ['request-uri.unsupported-scheme'], response: 416 },
  'bext01.dat': { ids: ['require.unknown-option'], response: 420 },
  'invut.dat': { ids: ['content-type.unsupported'], response: 415 },
  'regaut01.dat': { ids: ['authorization.scheme-unknown'], response: 401 },
  'multi01.dat': { ids: ['header.duplicate'], response: 400 },
  'bcast.dat': { ids: ['via.broadcast'], mentions: '255.255.255.255' },
  'sdp01.dat': { ids: ['accept.excludes-sdp'], response: 406 },
};

/** The RFC 4475 §3.1.2.18 preference: 501 for the unknown method, besides the 400 for the mismatch. */
const ALSO_ANSWERED: Record<string, Defect> = {
  'mismatch02.dat': { ids: ['method.unknown'], response: 501 },
};

const VALUES: Record<string, ValueCheck> = {
  'wsinv.dat': (m, v) => {
    v.equal(m.method, 'INVITE', 'method');
    v.equal(m.maxForwards, 68, 'Max-Forwards');
    v.equal(m.cseq, { seq: 9, method: 'INVITE' }, 'CSeq');
    v.equal(m.via.length, 3, 'Via count');
    v.equal(m.bodyBytes, 150, 'body bytes');
    v.equal(m.body.length, 150, 'body length');
    v.equal(m.callId, 'wsinv.ndaksdj@192.0.2.1', 'Call-ID');
    v.equal(m.from?.displayName, 'J Rosenberg \\"', 'From display name');
    v.equal(m.from?.tag, '98asjd8', 'From tag');
    v.equal(m.to?.tag, '1918181833n', 'To tag');
    v.equal(m.to?.uri?.params.unknownparam, undefined, 'To URI has no header param');
    v.equal(
      m.via.map((x) => [x.protocol, x.transport, x.host, x.branch]),
      [
        ['SIP/2.0', 'UDP', '192.0.2.2', '390skdjuw'],
        ['SIP/2.0', 'TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
        ['SIP/2.0', 'UDP', '192.168.255.111', 'z9hG4bK30239'],
      ],
      'Via values',
    );
    const contacts = m.contacts === '*' ? [] : m.contacts;
    v.equal(contacts.length, 1, 'Contact count');
    v.equal(contacts[0]?.displayName, 'Quoted string ""', 'Contact display name');
    v.equal(contacts[0]?.params.newparam, 'newvalue', 'Contact newparam');
    v.equal(contacts[0]?.params.secondparam, null, 'Contact secondparam');
    v.equal(contacts[0]?.params.q, '0.33', 'Contact q');
    v.equal(m.header('Subject')?.value, '', 'empty Subject (s:)');
    v.equal(
      m.values('NewFangledHeader'),
      ['newfangled value continued newfangled value'],
      'unfolded value',
    );
    v.equal(m.values('UnknownHeaderWithUnusualValue'), [';;,,;;,;'], 'unknown header kept whole');
    v.equal(m.routes[0]?.uri?.params.lr, null, 'Route lr');
  },
  'intmeth.dat': (m, v) => {
    const method = "!interesting-Method0123456789_*+`.%indeed'~";
    v.equal(m.method, method, 'method');
    v.equal(m.cseq, { seq: 139122385, method }, 'CSeq');
    const uri = m.parsedRequestUri;
    v.equal(uri?.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", 'R-URI user');
    v.equal(uri?.password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", 'R-URI password');
    v.equal(uri?.host, 'example.com', 'R-URI host');
    v.equal(m.to?.displayName, 'BEL:\x07 NUL:\x00 DEL:\x7F', 'To display name with quoted-pairs');
    v.equal(m.to?.uri?.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", 'To user');
    v.equal(m.from?.displayName, "token1~` token2'+_ token3*%!.-", 'From display name');
    v.equal(m.from?.tag, "_token~1'+`*%!-.", 'From tag');
    v.want(
      (m.from?.params["fromparam''~+*_!.-%"] ?? '').startsWith('"'),
      'From keeps the quoted UTF-8 parameter',
    );
    v.equal(m.callId, 'intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{', 'Call-ID');
    v.equal(m.maxForwards, 255, 'Max-Forwards');
    v.equal(
      m.header("extensionHeader-!.%*+_`'~")?.value.length,
      12,
      'extension header value (12 UTF-8 bytes)',
    );
  },
  'esc01.dat': (m, v) => {
    v.equal(m.parsedRequestUri?.user, 'sips:user@example.com', 'R-URI user decoded');
    v.equal(m.parsedRequestUri?.userRaw, 'sips%3Auser%40example.com', 'R-URI user raw');
    v.equal(m.parsedRequestUri?.host, 'example.net', 'R-URI host');
    v.equal(m.to?.uri?.user, 'user', 'To user decoded');
    v.equal(m.to?.uri?.userRaw, '%75se%72', 'To user raw');
    v.equal(m.from?.uri?.user, 'I have spaces', 'From user decoded');
    v.equal(m.callId, 'esc01.239409asdfakjkn23onasd0-3234', 'Call-ID from i:');
    v.equal(m.header('content-type')?.value, 'application/sdp', 'Content-Type from C:');
    const c = m.contacts === '*' ? undefined : m.contacts[0];
    v.equal(c?.uri?.user, 'caller', 'Contact user');
    v.equal(c?.uri?.params.lr, null, 'Contact URI param %6C%72 = lr');
    v.equal(c?.uri?.params.name, 'value%41', 'Contact URI param decoded once');
    v.equal(m.bodyBytes, 150, 'body bytes');
  },
  'escnull.dat': (m, v) => {
    v.equal(m.to?.uri?.user, 'null-\x00-null', 'To user keeps the NUL');
    v.equal(m.from?.uri?.user, 'null-\x00-null', 'From user keeps the NUL');
    const contacts = m.contacts === '*' ? [] : m.contacts;
    v.equal(
      contacts.map((c) => c.uri?.user),
      ['\x00', '\x00\x00'],
      'Contact users',
    );
    v.equal(m.contentLength, 0, 'L:0');
  },
  'esc02.dat': (m, v) => {
    v.equal(m.method, 'RE%47IST%45R', 'method kept');
    v.want(m.method !== 'REGISTER', 'method is not REGISTER');
    v.equal(m.cseq?.method, 'RE%47IST%45R', 'CSeq method');
    v.equal(m.contacts === '*' ? -1 : m.contacts.length, 2, 'Contact count');
    v.equal(m.to?.displayName, '%Z%45', 'To display name literal');
    v.equal(m.header('C%6Fntact')?.key, 'c%6fntact', 'C%6Fntact is an extension header');
    v.equal(m.via[0]?.branch, 'z9hG4bK209%fzsnel234', 'branch literal');
  },
  'lwsdisp.dat': (m, v) => {
    v.equal(m.from?.displayName, 'caller', 'display name');
    v.equal(m.from?.uri?.user, 'caller', 'From user');
    v.equal(m.from?.tag, '323', 'From tag');
  },
  'longreq.dat': (m, v) => {
    v.equal(m.via.length, 34, 'Via count');
    v.equal(m.via[0]?.host, 'sip33.example.com', 'first Via');
    v.equal(m.via[32]?.host, 'sip1.example.com', 'Via 33');
    v.equal(m.via[33]?.host, 'host.example.com', 'last Via');
    v.want((m.to?.displayName ?? '').includes('extremeextreme'), 'long To display name');
    v.want((m.from?.tag ?? '').length > 100, 'long From tag');
    v.want((m.callId ?? '').length > 100, 'long Call-ID');
    v.equal(m.bodyBytes, m.contentLength, 'body framed by Content-Length');
  },
  'dblreq.dat': (m, v, raw) => {
    v.equal(m.method, 'REGISTER', 'first message');
    v.equal(m.cseq, { seq: 8, method: 'REGISTER' }, 'CSeq');
    v.equal(m.contentLength, 0, 'Content-Length');
    v.equal(m.body, '', 'no body');
    v.want(m.length < raw.length, 'trailing octets not taken');
    v.want(
      m.problems.some((p) => p.id === 'body.extra-bytes'),
      'trailing octets noted',
    );
  },
  'semiuri.dat': (m, v) => {
    v.equal(m.parsedRequestUri?.user, 'user;par=u@example.net', 'user part');
    v.equal(m.parsedRequestUri?.host, 'example.com', 'host');
    v.equal(Object.keys(m.parsedRequestUri?.params ?? { x: 1 }), [], 'no URI parameters');
    v.equal(m.values('Accept').length, 6, 'folded Accept values');
  },
  'transports.dat': (m, v) => {
    v.equal(
      m.via.map((x) => x.transport),
      ['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP'],
      'transports',
    );
  },
  'mpart01.dat': (m, v, raw) => {
    v.equal(m.contentType, 'multipart/mixed', 'content type');
    v.equal(m.bodyBytes, m.contentLength, 'body bytes = Content-Length');
    const start = indexOfBytes(raw, [13, 10, 13, 10]) + 4;
    const expected = raw.subarray(start, start + (m.contentLength ?? 0));
    v.want(sameBytes(m.body, expected), 'body is the exact octets');
  },
  'unreason.dat': (m, v, raw) => {
    v.equal(m.code, 200, 'status');
    const lineEnd = indexOfBytes(raw, [13, 10]);
    const reason = Array.from(raw.subarray(12, lineEnd), (b) => String.fromCharCode(b)).join('');
    v.equal(m.reason, reason, 'reason phrase kept as written');
    v.equal(m.bodyBytes, 154, 'body bytes');
  },
  'noreason.dat': (m, v) => {
    v.equal(m.code, 100, 'status');
    v.equal(m.reason, '', 'empty reason');
  },
  'badinv01.dat': (m, v) => {
    v.equal(m.via[0]?.host, '192.0.2.15', 'the readable Via value is kept');
  },
  'clerr.dat': (m, v) => {
    v.equal(m.contentLength, 9999, 'Content-Length read');
    v.want(m.bodyBytes < 9999, 'never read past the buffer');
  },
  'ncl.dat': (m, v) => {
    v.equal(m.contentLength, undefined, 'no negative length used');
  },
  'scalar02.dat': (m, v) => {
    v.equal(m.cseq, undefined, 'CSeq not wrapped');
    v.equal(m.maxForwards, undefined, 'Max-Forwards 300 treated as absent');
    v.want(
      m.problems.some((p) => p.id === 'max-forwards.out-of-range') &&
        m.problems.some((p) => p.id === 'expires.out-of-range') &&
        m.problems.some((p) => p.id === 'contact.expires-out-of-range'),
      'every overlarge value reported',
    );
  },
  'scalarlg.dat': (m, v) => {
    v.equal(m.code, 503, 'status');
    v.want(
      m.problems.some((p) => p.id === 'retry-after.out-of-range') &&
        m.problems.some((p) => p.id === 'warning.malformed'),
      'Retry-After and warn-code reported',
    );
  },
  'quotbal.dat': (m, v) => {
    v.equal(m.from?.tag, '93334', 'following header not swallowed');
    v.equal(m.callId, 'quotbal.aksdj', 'Call-ID');
    v.equal(m.bodyBytes, 152, 'body');
    v.want(problemOn(m, 'header.unterminated-quote', 2), 'problem on the To line');
  },
  'lwsruri.dat': (m, v) => {
    v.equal(m.version, 'SIP/2.0', 'version not guessed wrongly');
  },
  'lwsstart.dat': (m, v) => {
    v.equal(
      [m.method, m.requestUri, m.version],
      ['INVITE', 'sip:user@example.com', 'SIP/2.0'],
      'trimmed values',
    );
  },
  'trws.dat': (m, v) => {
    v.equal(m.version, 'SIP/2.0', 'version trimmed');
  },
  'escruri.dat': (m, v) => {
    v.equal(m.parsedRequestUri?.headers.Route, '<sip:example.com>', 'URI itself parses');
  },
  'baddate.dat': (m, v) => {
    v.equal(m.bodyBytes, 150, 'framing unaffected');
    v.equal(m.cseq?.seq, 1392934, 'rest parsed');
  },
  'regbadct.dat': (m, v) => {
    const c = m.contacts === '*' ? undefined : m.contacts[0];
    v.equal(c?.uri?.headers.Route, '<sip:sip.example.com>', 'brackets inferred');
  },
  'badaspec.dat': (m, v) => {
    v.equal(m.to?.uri?.host, 'example.org', 'spaces trimmed');
    v.equal(m.to?.displayName, 'Watson, Thomas', 'quoted display name');
  },
  'baddn.dat': (m, v) => {
    v.equal(m.values('From').length, 1, 'the comma does not split From');
    v.equal(m.from?.displayName, 'Bell, Alexander', 'display name inferred');
    v.equal(m.to?.displayName, 'Watson, Thomas', 'To display name inferred');
    v.equal(m.from?.tag, '43', 'From tag');
    v.equal(m.contentLength, 0, 'l: 0 read although no empty line follows');
  },
  'badvers.dat': (m, v) => {
    v.equal(m.version, 'SIP/7.0', 'version surfaced');
  },
  'bigcode.dat': (m, v) => {
    v.equal(m.kind, 'response', 'still a response');
    v.equal(m.code, undefined, 'never wrapped to a small code');
  },
  'badbranch.dat': (m, v) => {
    v.equal(m.via[0]?.branch, 'z9hG4bK', 'branch');
  },
  'insuf.dat': (m, v) => {
    const missing = m.problems.filter((p) => p.id === 'header.missing' && p.severity === 'error');
    for (const name of ['To', 'From', 'Call-ID']) {
      v.want(
        missing.some((p) => p.message.includes(` ${name} `)),
        `names the missing ${name}`,
      );
    }
    v.equal(m.bodyBytes, 152, 'framing');
  },
  'unkscm.dat': (m, v) => {
    v.equal(m.parsedRequestUri?.scheme, 'nobodyknowsthisscheme', 'absoluteURI scheme');
  },
  'novelsc.dat': (m, v) => {
    v.equal(m.parsedRequestUri?.scheme, 'soap.beep', 'absoluteURI scheme');
  },
  'unksm2.dat': (m, v) => {
    v.equal(m.to?.uri?.scheme, 'isbn', 'To scheme');
    v.equal(m.from?.uri?.scheme, 'http', 'From scheme');
    v.equal(m.contacts === '*' ? undefined : m.contacts[0]?.uri?.scheme, 'name', 'Contact scheme');
  },
  'bext01.dat': (m, v) => {
    v.equal(
      m.values('Require'),
      ['nothingSupportsThis', 'nothingSupportsThisEither'],
      'Require values',
    );
  },
  'multi01.dat': (m, v) => {
    v.equal(m.values('CSeq').length, 2, 'both CSeq kept');
    v.equal(m.values('Call-ID').length, 2, 'both Call-ID kept');
    v.equal(m.values('To').length, 2, 'both To kept');
    v.equal(m.values('From').length, 2, 'both From kept');
    v.equal(m.values('Max-Forwards').length, 2, 'both Max-Forwards kept');
    const dup = m.problems
      .filter((p) => p.id === 'header.duplicate')
      .map((p) => p.message.split(' ')[0]);
    v.equal(dup.sort(), ['CSeq', 'Call-ID', 'From', 'Max-Forwards', 'To'], 'each duplicate named');
  },
  'mcl01.dat': (m, v) => {
    v.equal(m.contentLength, undefined, 'neither length picked');
  },
  'bcast.dat': (m, v) => {
    v.equal(m.code, 200, 'status');
    v.equal(m.via[1]?.host, '255.255.255.255', 'second Via');
  },
  'zeromf.dat': (m, v) => {
    v.equal(m.maxForwards, 0, 'Max-Forwards 0');
  },
  'cparam01.dat': (m, v) => {
    const c = m.contacts === '*' ? undefined : m.contacts[0];
    v.equal(c?.params.unknownparam, null, 'header parameter');
    v.equal(c?.uri?.params.unknownparam, undefined, 'not a URI parameter');
  },
  'cparam02.dat': (m, v) => {
    const c = m.contacts === '*' ? undefined : m.contacts[0];
    v.equal(c?.uri?.params.unknownparam, null, 'URI parameter');
    v.equal(c?.params.unknownparam, undefined, 'not a header parameter');
  },
  'regescrt.dat': (m, v) => {
    const c = m.contacts === '*' ? undefined : m.contacts[0];
    v.equal(c?.uri?.headers.Route, '<sip:sip.example.com>', 'URI header decoded');
    v.equal(m.contentLength, 0, 'L:0');
  },
  'inv2543.dat': (m, v, raw) => {
    v.equal(m.via[0]?.branch, undefined, 'no branch');
    v.equal(m.from?.tag, undefined, 'no From tag');
    v.equal(m.maxForwards, undefined, 'no Max-Forwards');
    v.equal(m.contentLength, undefined, 'no Content-Length');
    v.equal(
      m.bodyBytes,
      raw.length - (indexOfBytes(raw, [13, 10, 13, 10]) + 4),
      'body runs to the end',
    );
  },
  'test.dat': (m, v) => {
    v.want(
      m.problems.some((p) => p.id === 'header.malformed' && p.line === 10),
      'the colon-less line is reported',
    );
  },
  'ipv6-good': (m, v) => {
    v.equal(m.parsedRequestUri?.host, '2001:db8::10', 'R-URI host');
    v.equal(m.parsedRequestUri?.hostRaw, '[2001:db8::10]', 'R-URI host raw');
    v.equal(m.via[0]?.host, '2001:db8::9:1', 'Via host');
    v.equal(
      m.contacts === '*' ? undefined : m.contacts[0]?.uri?.host,
      '2001:db8::1',
      'Contact host',
    );
  },
  'port-ambiguous': (m, v) => {
    v.equal(m.parsedRequestUri?.host, '2001:db8::10:5070', 'host');
    v.equal(m.parsedRequestUri?.port, undefined, 'no port');
  },
  'port-unambiguous': (m, v) => {
    v.equal(m.parsedRequestUri?.host, '2001:db8::10', 'host');
    v.equal(m.parsedRequestUri?.port, 5070, 'port');
  },
  'via-received-param-with-delim': (m, v) => {
    v.equal(m.via[0]?.received, '2001:db8::9:255', 'received');
    v.equal(m.via[0]?.branch, 'z9hG4bKas3-111', 'branch after received');
  },
  'via-received-param-no-delim': (m, v) => {
    v.equal(m.via[0]?.received, '2001:db8::9:255', 'received');
    v.equal(m.via[0]?.branch, 'z9hG4bKas3', 'branch after received');
  },
  'ipv6-in-sdp': (m, v) => {
    v.equal(m.bodyBytes, 241, 'Content-Length octets taken');
  },
  'mult-ip-in-header': (m, v) => {
    v.equal(
      m.via.map((x) => [x.host, x.port ?? null, x.received ?? null]),
      [
        ['2001:db8::9:1', 6050, null],
        ['192.0.2.1', null, null],
        ['2001:db8::9:255', null, '192.0.2.200'],
      ],
      'three Via values',
    );
  },
  'mult-ip-in-sdp': (m, v) => {
    v.equal(m.bodyBytes, 181, 'Content-Length octets taken');
  },
  'ipv4-mapped-ipv6': (m, v) => {
    v.equal([m.via[0]?.host, m.via[0]?.port], ['::ffff:192.0.2.10', 19823], 'Via');
    v.equal(
      m.contacts === '*' ? undefined : m.contacts[0]?.uri?.host,
      '::ffff:192.0.2.2',
      'Contact host',
    );
  },
  'ipv6-correct-abnf-2-colons': (m, v) => {
    v.equal(m.parsedRequestUri?.host, '2001:db8::192.0.2.1', 'host');
    v.equal(m.to?.uri?.host, '2001:db8::192.0.2.1', 'To host');
  },
};

function indexOfBytes(raw: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= raw.length; i++) {
    for (let j = 0; j < needle.length; j++) if (raw[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function sameBytes(text: string, bytes: Uint8Array): boolean {
  if (text.length !== bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (text.charCodeAt(i) !== bytes[i]) return false;
  return true;
}

function problemOn(m: SipMessage, id: string, line: number): boolean {
  return m.problems.some((p) => p.id === id && p.line === line);
}

function findDefect(
  m: SipMessage,
  defect: Defect,
  severity?: Problem['severity'],
): Problem | undefined {
  return m.problems.find(
    (p) =>
      defect.ids.includes(p.id) &&
      (severity === undefined || p.severity === severity) &&
      (m.kind !== 'request' || defect.response === undefined || p.response === defect.response) &&
      (defect.mentions === undefined ||
        p.message.toLowerCase().includes(defect.mentions.toLowerCase())),
  );
}

/** Judges one message; returns what did not hold (empty when it passes). */
function judge(dir: string, file: string, e: Expectation): string[] {
  const raw = bytesOf(dir, file);
  const m = parseMessage(raw);
  const v = new Verdict();
  const errors = m.problems.filter((p) => p.severity === 'error');
  const defect = DEFECTS[file];
  v.want(!m.problems.some((p) => p.id === 'parser.internal'), 'no internal failure');
  v.want(m.kind !== 'unknown', 'start line recognised');

  if (e.expect === 'parse' || e.expect === 'parse-first') {
    v.equal(
      errors.map((p) => p.id),
      [],
      'error-severity problems',
    );
  } else if (!e.valid || e.expect.startsWith('reject')) {
    if (defect === undefined) v.want(false, 'no defect listed for an invalid message');
    else
      v.want(
        findDefect(m, defect, 'error') !== undefined,
        `an error ${defect.ids.join('|')} (response ${defect.response ?? '-'})`,
      );
  } else if (e.expect.startsWith('parse-then')) {
    if (defect === undefined) v.want(false, 'no defect listed');
    else {
      v.want(
        findDefect(m, defect) !== undefined,
        `a problem ${defect.ids.join('|')} (response ${defect.response ?? '-'})`,
      );
      v.equal(
        errors.filter((p) => !defect.ids.includes(p.id)).map((p) => p.id),
        [],
        'no unrelated error',
      );
    }
  } else {
    v.want(false, `unknown verdict "${e.expect}"`);
  }
  const also = ALSO_ANSWERED[file];
  if (also)
    v.want(findDefect(m, also) !== undefined, `also ${also.ids.join('|')} (${also.response})`);
  if (e.valid && e.expect.startsWith('parse')) {
    v.want(
      m.kind === 'request' ? m.method !== undefined : m.code !== undefined,
      'start line values',
    );
  }
  VALUES[file]?.(m, v, raw);
  return v.failures;
}

describe('conformance: RFC 4475 and RFC 5118 torture messages', () => {
  it('has an expectation and a fixture for every message', () => {
    expect(cases.length).toBe(62);
    for (const [dir, file] of cases) expect(bytesOf(dir, file).length).toBeGreaterThan(0);
  });

  it.each(cases)('%s/%s', (dir, file, e) => {
    expect(judge(dir, file, e)).toEqual([]);
  });

  it('scores 100%', () => {
    const failed = cases
      .filter(([dir, file, e]) => judge(dir, file, e).length > 0)
      .map(([, f]) => f);
    const passed = cases.length - failed.length;
    // biome-ignore lint/suspicious/noConsole: the score is part of the test report
    console.log(
      `conformance: ${passed}/${cases.length}${failed.length ? ` (failed: ${failed.join(', ')})` : ''}`,
    );
    expect(failed).toEqual([]);
  });
});
