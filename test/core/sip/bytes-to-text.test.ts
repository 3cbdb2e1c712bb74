/** Bytes to text one character per byte, whichever decoder the runtime offers. */
import { describe, expect, it } from 'vitest';
import { latin1Text, portableLatin1Text } from '../../../src/core/sip/bytes-to-text.js';

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
