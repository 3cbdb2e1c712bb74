/** Card -> plain terminal text, with ANSI colour when the output is a terminal. */
import type { Card, CardBlock } from '../card.js';
import { parseInline } from '../inline.js';
import { withNote } from './checklist-item.js';
import { terminalSafe } from './terminal-safe.js';
import { visibleLength, wrap } from './wrap.js';

export interface TextOptions {
  color?: boolean;
  /** Column width to wrap prose at (default 88). */
  width?: number;
}

const STYLE = {
  bold: ['\u001b[1m', '\u001b[22m'],
  code: ['\u001b[36m', '\u001b[39m'],
  heading: ['\u001b[1;34m', '\u001b[0m'],
  dim: ['\u001b[2m', '\u001b[22m'],
} as const;

export function renderText(card: Card, options: TextOptions = {}): string {
  const color = options.color ?? false;
  const width = Math.max(40, options.width ?? 88);
  const paint = (style: keyof typeof STYLE, text: string): string =>
    color ? `${STYLE[style][0]}${text}${STYLE[style][1]}` : text;
  const inline = (source: string): string =>
    parseInline(source)
      .map((span) => {
        const text = terminalSafe(span.text);
        return span.style === 'plain' ? text : paint(span.style, text);
      })
      .join('');

  const out: string[] = [];
  const indentWrap = (text: string, indent: string, firstIndent = indent): void => {
    wrap(inline(text), width - visibleLength(indent)).forEach((line, i) => {
      out.push(`${i === 0 ? firstIndent : indent}${line}`);
    });
  };

  out.push(paint('bold', terminalSafe(plainTitle(card.title))));
  indentWrap(card.summary, '');
  if (card.fields.length > 0) {
    out.push('');
    const labelWidth = Math.max(...card.fields.map((f) => f.label.length)) + 2;
    for (const field of card.fields) {
      const label = `  ${field.label.padEnd(labelWidth)}`;
      indentWrap(field.value, ' '.repeat(label.length), paint('dim', label));
    }
  }
  const block = (b: CardBlock): void => {
    switch (b.type) {
      case 'text':
        indentWrap(b.text, '  ');
        break;
      case 'list':
        b.items.forEach((item, i) => {
          const marker = b.ordered ? `${i + 1}. ` : '- ';
          indentWrap(item, `  ${' '.repeat(marker.length)}`, `  ${marker}`);
        });
        break;
      case 'code':
        for (const line of terminalSafe(b.text).split('\n'))
          out.push(`  ${paint('dim', '│')} ${line}`);
        break;
    }
  };
  for (const section of card.sections) {
    out.push('', paint('heading', section.heading.toUpperCase()));
    section.blocks.forEach((b, i) => {
      if (i > 0) out.push('');
      block(b);
    });
  }
  if (card.checklist.length > 0) {
    out.push('', paint('heading', 'FIX CHECKLIST'));
    for (const item of card.checklist)
      indentWrap(withNote(item), '      ', item.done ? '  [x] ' : '  [ ] ');
  }
  if (card.references.length > 0) {
    out.push('', paint('heading', 'REFERENCES'));
    for (const ref of card.references) out.push(`  ${ref.label}  ${paint('dim', ref.url)}`);
  }
  return `${out.join('\n')}\n`;
}

function plainTitle(title: string): string {
  return parseInline(title)
    .map((s) => s.text)
    .join('');
}
