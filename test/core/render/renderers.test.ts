import { describe, expect, it } from 'vitest';
import { explain } from '../../../src/core/explain/explain.js';
import { renderDiscord } from '../../../src/core/render/discord/render-embeds.js';
import { renderJson } from '../../../src/core/render/json.js';
import { renderMarkdown } from '../../../src/core/render/markdown.js';
import { renderSlack } from '../../../src/core/render/slack/render-blocks.js';
import { renderText } from '../../../src/core/render/text.js';
import { everyEntryCard } from '../../helpers/cards.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import {
  expectDiscordWithinLimits,
  expectSlackWithinLimits,
} from '../../helpers/platform-limits.js';

const cards = everyEntryCard();

describe('every knowledge entry renders in every format', () => {
  it('covers all codes, classes, causes and warn-codes', () => {
    expect(cards.length).toBeGreaterThan(75 + 6 + 70 + 15);
  });

  it.each(cards.map((c) => [c.name, c.card] as const))('%s', (_name, card) => {
    const text = renderText(card);
    expect(text).toContain(card.title.replace(/\\/g, ''));
    expect(renderText(card, { color: true })).toContain('\u001b[');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking there are none
    expect(text).not.toMatch(/\u001b/);
    const markdown = renderMarkdown(card);
    expect(markdown.startsWith('## ')).toBe(true);
    const json = JSON.parse(renderJson(card)) as Record<string, unknown>;
    expect(json.kind).toBe(card.kind);
    expectSlackWithinLimits(renderSlack(card));
    expectDiscordWithinLimits(renderDiscord(card));
  });
});

describe('renderText', () => {
  const card = explain('403', realKnowledge());

  it('prints every part of the card: title, fields, sections, checklist, references', () => {
    const text = renderText(card);
    for (const part of [
      '403 Forbidden',
      'Defined in',
      'RFC 3261 §21.4.4',
      'WHY IT EXISTS',
      'HOW IT ARISES',
      'EXAMPLE',
      'COMMON ROOT CAUSES',
      'FIX CHECKLIST',
      '[ ] ',
      'REFERENCES',
    ]) {
      expect(text).toContain(part);
    }
    expect(text).toMatch(/│ SIP\/2\.0 403 /);
  });

  it('wraps prose to the requested width but leaves SIP examples whole', () => {
    const lines = renderText(card, { width: 60 }).split('\n');
    const prose = lines.filter((l) => !l.includes('│') && !l.includes('https://'));
    for (const line of prose) expect(line.length, line).toBeLessThanOrEqual(60 + 20);
  });

  it('strips terminal escape sequences coming from user text', () => {
    const hostile = explain('\u001b]0;pwned\u0007\u001b[2J', realKnowledge());
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking there are none
    expect(renderText(hostile)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });
});

describe('renderMarkdown', () => {
  it('renders lists, fenced SIP and a checklist', () => {
    const md = renderMarkdown(explain('486', realKnowledge()));
    expect(md).toContain('### How it arises\n\n1. ');
    expect(md).toMatch(/```sip\nINVITE sip:/);
    expect(md).toContain('- [ ] ');
    expect(md).toContain('](<https://www.rfc-editor.org/rfc/rfc3261#section-21.4.24>)');
  });

  it('escapes user text so it cannot inject links or HTML', () => {
    const md = renderMarkdown(explain('[click](http://evil.example) <img src=x>', realKnowledge()));
    expect(md).not.toContain('[click](http');
    expect(md).not.toMatch(/(?<!\\)<img/);
    expect(md).toContain('\\<img');
  });
});
