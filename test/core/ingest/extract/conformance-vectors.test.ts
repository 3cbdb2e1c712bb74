/**
 * The RFC 4475 and RFC 5118 test messages pasted as text: the extractor
 * must hand each one to the parser as it is, byte for byte (valid or not,
 * that is the parser's call), except where a paste cannot carry it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractMessages } from '../../../../src/core/ingest/extract/extract-messages.js';

const root = new URL('../../../fixtures/conformance/', import.meta.url);

/** Files a paste cannot reproduce exactly, and why. */
const NOT_EXACT: Record<string, string> = {
  'baddn.dat': 'ends without the blank line after the headers; the extractor adds it',
  'test.dat': 'ends without the blank line after the headers; the extractor adds it',
  'dblreq.dat':
    'one datagram with spurious bytes that look like a second message; a paste shows two',
  'mcl01.dat': 'two Content-Length values, so the trailing blank line is taken as spacing',
  'mpart01.dat': 'a binary body that is not valid UTF-8 text',
  'ipv4-mapped-ipv6': 'more body than Content-Length says; the body ends where it says',
  'ipv6-in-sdp': 'more body than Content-Length says; the body ends where it says',
  'mult-ip-in-sdp': 'more body than Content-Length says; the body ends where it says',
};

const vectors = ['rfc4475', 'rfc5118'].flatMap((set) =>
  readdirSync(new URL(`${set}/`, root))
    .filter((name) => !name.startsWith('.') && !name.endsWith('.md') && !name.endsWith('.json'))
    .map((name) => [`${set}/${name}`, name] as const),
);

describe('torture-test messages pasted as text', () => {
  it('finds all the vector files', () => {
    expect(vectors.length).toBeGreaterThan(60);
  });

  it.each(vectors)('%s', (path, name) => {
    const text = new TextDecoder().decode(readFileSync(new URL(path, root)));
    const result = extractMessages(text);
    expect(result.messages.length).toBeGreaterThanOrEqual(1);
    if (NOT_EXACT[name]) {
      expect(result.messages[0]?.content.slice(0, 20)).toBe(text.slice(0, 20));
    } else {
      expect(result.messages.map((m) => m.content)).toEqual([text]);
    }
  });
});
