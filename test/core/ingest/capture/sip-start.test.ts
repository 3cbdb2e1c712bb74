import { describe, expect, it } from 'vitest';
import { contentLengthOf, findHeaderEnd } from '../../../../src/core/ingest/capture/sip-framing.js';
import { isSipStart, sipStartState } from '../../../../src/core/ingest/capture/sip-start.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const state = (s: string) => sipStartState(bytes(s), 0, bytes(s).byteLength);

describe('SIP start line detection', () => {
  it.each([
    'INVITE sip:bob@example.com SIP/2.0\r\n',
    'REGISTER sips:example.com SIP/2.0\n',
    'OPTIONS tel:+15551234 SIP/2.0\r\n',
    'NEWMETHOD sip:x SIP/2.0\r\n',
    'INVITE sip:user@example.com SIP/7.0\r\n', // a wrong version is still SIP: the parser reports it
    'INVITE sip:foo bar@example.com SIP/2.0\r\n', // a stray space in the URI
    'SIP/2.0 200 OK\r\n',
    'SIP/2.0 100\r\n',
    'sip/2.0 486 Busy Here\r\n',
  ])('accepts %j', (line) => {
    expect(state(line)).toBe(1);
    expect(isSipStart(bytes(line), 0, bytes(line).byteLength)).toBe(true);
  });

  it.each([
    'GET / HTTP/1.1\r\n',
    'HTTP/1.1 200 OK\r\n',
    'RTSP/1.0 200 OK\r\n',
    'SIP/2.0 2xx OK\r\n',
    ' INVITE sip:x SIP/2.0\r\n',
    'INVITE\r\n',
    'INVITE sip:x\r\n',
    '\u0016\u0003\u0001\u0000',
    'INV\u0000TE sip:x SIP/2.0\r\n',
  ])('rejects %j', (line) => {
    expect(state(line)).toBe(0);
  });

  it('is undecided while the start line is incomplete', () => {
    expect(state('INVITE sip:bob@exa')).toBe(-1);
    expect(state('SIP/2.0 20')).toBe(-1);
    expect(state('SIP/2.0 200 OK')).toBe(-1);
    expect(state('OPT')).toBe(-1);
    expect(state('SIP/')).toBe(-1);
    expect(state('si')).toBe(-1);
    expect(state('SIP/2')).toBe(-1);
  });
});

describe('stream framing', () => {
  it('finds the blank line with CRLF or bare LF line ends', () => {
    const crlf = bytes('OPTIONS sip:x SIP/2.0\r\nContent-Length: 3\r\n\r\nabc');
    expect(findHeaderEnd(crlf, 0, 0, crlf.byteLength)).toEqual({
      bodyStart: crlf.byteLength - 3,
      contentLength: 3,
    });
    const lf = bytes('OPTIONS sip:x SIP/2.0\nl: 2\n\nab');
    expect(findHeaderEnd(lf, 0, 0, lf.byteLength)).toEqual({
      bodyStart: lf.byteLength - 2,
      contentLength: 2,
    });
    expect(findHeaderEnd(crlf, 0, 0, 30)).toBeUndefined();
  });

  it('reads Content-Length in any case, compact or not, and ignores look-alike headers', () => {
    const read = (s: string) => contentLengthOf(bytes(s), 0, bytes(s).byteLength);
    expect(read('X: 1\r\ncontent-LENGTH :  42\r\n')).toBe(42);
    expect(read('Content-Type: a/b\r\nL:7\r\n')).toBe(7);
    expect(read('Content-Language: en\r\nLocation: 9\r\n')).toBe(0);
    expect(read('Content-Length: abc\r\n')).toBe(0);
    expect(read('Content-Length: 99999999999999\r\n')).toBe(0x7fffffff);
  });
});
