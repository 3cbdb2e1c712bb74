/** Bytes to text: one character per byte, whichever decoder the runtime offers; UTF-8 pastes. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latin1Text, portableLatin1Text, utf8Text } from '../../../src/core/sip/bytes-to-text.js';

const every = Uint8Array.from({ length: 256 }, (_, i) => i);
const ascii = new TextEncoder().encode('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n');

describe.each([
  ['latin1Text', latin1Text],
  ['portableLatin1Text', portableLatin1Text],
])('%s', (_name, decode) => {
  it('maps each of the 256 byte values to the character with that code', () => {
    const text = decode(every);
    expect(text).toHaveLength(256);
    for (let i = 0; i < 256; i++) expect(text.charCodeAt(i)).toBe(i);
  });

  it('decodes plain ASCII, and a view into a larger buffer only over its own bytes', () => {
    expect(decode(ascii)).toBe('OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n');
    const view = every.subarray(0x41, 0x44);
    expect(decode(view)).toBe('ABC');
  });

  it('keeps a UTF-8 sequence as its separate bytes', () => {
    expect(decode(new TextEncoder().encode('é'))).toBe('\u00c3\u00a9');
  });
});

describe('utf8Text', () => {
  const decoder = new TextDecoder('utf-8');

  it('reads any bytes as the UTF-8 decoder does: ASCII, other scripts, invalid sequences, a BOM', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 200 }).map((t) => new TextEncoder().encode(t)),
      fc.uint8Array({ maxLength: 300 }).map((b) => b.map((x) => x & 0x7f)),
    );
    fc.assert(
      fc.property(bytes, fc.boolean(), (body, bom) => {
        const input = bom ? Uint8Array.from([0xef, 0xbb, 0xbf, ...body]) : body;
        expect(utf8Text(input)).toBe(decoder.decode(input));
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes a large ASCII paste, and a view only over its own bytes', () => {
    const line = 'Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK77\n';
    const big = new TextEncoder().encode(line.repeat(50_000));
    expect(utf8Text(big)).toBe(line.repeat(50_000));
    expect(utf8Text(big.subarray(5, 8))).toBe('SIP');
    // One byte above ASCII anywhere takes the decoder's way, which reads it as UTF-8.
    const accented = new TextEncoder().encode(`${line.repeat(1000)}To: José`);
    expect(utf8Text(accented)).toBe(`${line.repeat(1000)}To: José`);
  });
});
