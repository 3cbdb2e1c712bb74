import { describe, expect, it } from 'vitest';
import {
  findClosingQuote,
  findTopLevel,
  splitListValues,
  splitTopLevel,
  unescapeQuoted,
  unquote,
} from '../../../src/core/sip/split-values.js';

describe('splitTopLevel', () => {
  it('splits at commas and trims each element', () => {
    expect(splitTopLevel('INVITE, ACK ,BYE')).toEqual(['INVITE', 'ACK', 'BYE']);
    expect(splitTopLevel('  single  ')).toEqual(['single']);
  });

  it('does not split inside quoted strings, honouring escaped quotes', () => {
    expect(splitTopLevel('"Watson, Thomas" <sip:t@x>, <sip:b@y>')).toEqual([
      '"Watson, Thomas" <sip:t@x>',
      '<sip:b@y>',
    ]);
    expect(splitTopLevel('"a \\" , b" <sip:a@x>, c')).toEqual(['"a \\" , b" <sip:a@x>', 'c']);
  });

  it('does not split inside angle brackets', () => {
    expect(splitTopLevel('<sip:a,b@x;p=1,2>;q=1, <sip:c@y>')).toEqual([
      '<sip:a,b@x;p=1,2>;q=1',
      '<sip:c@y>',
    ]);
  });

  it('keeps empty elements so callers can report them', () => {
    expect(splitTopLevel('a,,b,')).toEqual(['a', '', 'b', '']);
    expect(splitListValues('a,,b,')).toEqual(['a', 'b']);
    expect(splitListValues('')).toEqual([]);
  });

  it('lets an unterminated quote or bracket hide every later comma', () => {
    expect(splitTopLevel('"open, a, b')).toEqual(['"open, a, b']);
    expect(splitTopLevel('<sip:x, y, z')).toEqual(['<sip:x, y, z']);
  });

  it('splits on another separator when asked', () => {
    expect(splitTopLevel('a;b="x;y";c', 59)).toEqual(['a', 'b="x;y"', 'c']);
  });
});

describe('findTopLevel', () => {
  it('never looks past the end offset', () => {
    const text = 'abc, def';
    expect(findTopLevel(text, 0)).toBe(3);
    expect(findTopLevel(text, 0, 44, 3)).toBe(-1);
    expect(findTopLevel(text, 4)).toBe(-1);
  });
});

describe('quoted strings', () => {
  it('finds the closing quote after escapes', () => {
    expect(findClosingQuote('"a\\"b" rest', 0)).toBe(5);
    expect(findClosingQuote('"never closed', 0)).toBe(-1);
    expect(findClosingQuote('"a\\', 0)).toBe(-1);
  });

  it('resolves quoted-pairs, control characters included', () => {
    expect(unescapeQuoted('J Rosenberg \\\\\\"')).toBe('J Rosenberg \\"');
    expect(unescapeQuoted('BEL:\\\x07 NUL:\\\x00')).toBe('BEL:\x07 NUL:\x00');
    expect(unescapeQuoted('plain')).toBe('plain');
  });

  it('unquotes parameter values and leaves tokens alone', () => {
    expect(unquote('"<urn:uuid:1>"')).toBe('<urn:uuid:1>');
    expect(unquote('"a\\"b"')).toBe('a"b');
    expect(unquote('token')).toBe('token');
    expect(unquote('"')).toBe('"');
  });
});
