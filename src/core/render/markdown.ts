/** Card -> CommonMark (for tickets, wikis and GitHub). All text is escaped; only the card's own marks become Markdown. */
import type { Card, CardBlock } from '../card.js';
import { parseInline } from '../inline.js';
import { withNote } from './checklist-item.js';

const MD_SPECIAL = /[\\`*_{}[\]()<>#+!|~&]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(MD_SPECIAL, (c) => `\\${c}`);
}

function inline(source: string): string {
  return parseInline(source)
    .map((span) => {
      if (span.style === 'plain') return escapeMarkdown(span.text);
      if (span.style === 'bold') return `**${escapeMarkdown(span.text)}**`;
      return codeSpan(span.text);
    })
    .join('');
}

function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\n/g, ' ')}${pad}${fence}`;
}

function codeBlock(language: string, text: string): string {
  const longest = Math.max(2, ...(text.match(/^`{3,}/gm) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language.replace(/[^a-z0-9-]/gi, '')}\n${text}\n${fence}`;
}

export function renderMarkdown(card: Card): string {
  const out: string[] = [`## ${inline(card.title)}`, '', inline(card.summary)];
  if (card.fields.length > 0) {
    out.push('', '| | |', '|---|---|');
    for (const f of card.fields)
      out.push(`| **${escapeMarkdown(f.label)}** | ${inline(f.value).replace(/\n/g, ' ')} |`);
  }
  const block = (b: CardBlock): string => {
    switch (b.type) {
      case 'text':
        return inline(b.text);
      case 'list':
        return b.items
          .map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${inline(item)}`)
          .join('\n');
      case 'code':
        return codeBlock(b.language, b.text);
    }
  };
  for (const section of card.sections) {
    out.push(
      '',
      `### ${escapeMarkdown(section.heading)}`,
      '',
      section.blocks.map(block).join('\n\n'),
    );
  }
  if (card.checklist.length > 0) {
    out.push(
      '',
      '### Fix checklist',
      '',
      card.checklist.map((c) => `- [${c.done ? 'x' : ' '}] ${inline(withNote(c))}`).join('\n'),
    );
  }
  if (card.references.length > 0) {
    out.push(
      '',
      '### References',
      '',
      card.references
        .map((r) => `- [${escapeMarkdown(r.label)}](<${r.url.replace(/[<>\s]/g, '')}>)`)
        .join('\n'),
    );
  }
  return `${out.join('\n')}\n`;
}
