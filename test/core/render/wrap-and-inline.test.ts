/**
 * The two text helpers every card goes through: the word wrap of the
 * terminal renderer (src/core/render/wrap.ts) and the inline markup reader
 * (src/core/inline.ts). Both were rewritten to allocate less (issue 13:
 * rendering the 403 card made about 800 KB of garbage, a scavenge of its
 * own in a cold `explain 403`); these state what they must still do.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { literal, parseInline, plainText } from '../../../src/core/inline.js';
import { visibleLength, wrap } from '../../../src/core/render/wrap.js';

const BOLD = '\u001b[1m';
const RESET = '\u001b[0m';

/** Text of words, runs of spaces, line ends and colour codes. */
const wrappable = fc.string({
  unit: fc.constantFrom('a', 'bc', 'defghij', ' ', '  ', '\n', BOLD, RESET),
  maxLength: 80,
});

describe('wrap', () => {
  it('keeps every word in order, one space apart, a paragraph per line end', () => {
    fc.assert(
      fc.property(wrappable, fc.integer({ min: 1, max: 24 }), (text, width) => {
        const lines = wrap(text, width);
        const paragraphs = text.split('\n');
        expect(lines.length).toBeGreaterThanOrEqual(paragraphs.length);
        const words = (s: string) => s.split(/ +/).filter(Boolean);
        expect(lines.flatMap(words)).toEqual(paragraphs.flatMap(words));
        for (const line of lines) expect(line).toBe(words(line).join(' '));
      }),
      { numRuns: 2000 },
    );
  });

  it('fills each line as far as the width allows (colour codes take no column)', () => {
    fc.assert(
      fc.property(wrappable, fc.integer({ min: 1, max: 24 }), (text, width) => {
        for (const paragraph of text.split('\n')) {
          const lines = wrap(paragraph, width);
          lines.forEach((line, i) => {
            // Only a word longer than the width makes a line longer than the width.
            if (line.includes(' ')) expect(visibleLength(line)).toBeLessThanOrEqual(width);
            const next = lines[i + 1]?.split(' ')[0];
            if (next !== undefined && line !== '')
              expect(visibleLength(line) + 1 + visibleLength(next)).toBeGreaterThan(width);
          });
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('counts columns without colour codes', () => {
    expect(visibleLength(`${BOLD}403${RESET} Forbidden`)).toBe(13);
    expect(wrap(`${BOLD}aaaa${RESET} bbbb cccc`, 9)).toEqual([`${BOLD}aaaa${RESET} bbbb`, 'cccc']);
  });
});

describe('parseInline', () => {
  it('reads bold, code and escapes; leaves unbalanced marks as they are', () => {
    expect(parseInline('a **b** `c` d')).toEqual([
      { style: 'plain', text: 'a ' },
      { style: 'bold', text: 'b' },
      { style: 'plain', text: ' ' },
      { style: 'code', text: 'c' },
      { style: 'plain', text: ' d' },
    ]);
    expect(parseInline('\\*\\* not bold \\`')).toEqual([{ style: 'plain', text: '** not bold `' }]);
    expect(parseInline('**a \\** b**')).toEqual([{ style: 'bold', text: 'a ** b' }]);
    expect(parseInline('**open `tick')).toEqual([{ style: 'plain', text: '**open `tick' }]);
    expect(parseInline('ends with \\')).toEqual([{ style: 'plain', text: 'ends with \\' }]);
    expect(parseInline('no marks here')).toEqual([{ style: 'plain', text: 'no marks here' }]);
    expect(parseInline('')).toEqual([]);
  });

  it('gives back any text made literal, as it was (the way user text is echoed)', () => {
    // Letters, marks and spaces: nothing redactSecrets would take for a secret.
    const text = fc.string({
      unit: fc.constantFrom('x', 'Y', ' ', '*', '`', '\\', '_'),
      maxLength: 60,
    });
    fc.assert(
      fc.property(text, (s) => {
        expect(plainText(literal(s))).toBe(s);
        expect(parseInline(literal(s)).every((span) => span.style === 'plain')).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
