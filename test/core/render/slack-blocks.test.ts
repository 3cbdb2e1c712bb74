import { describe, expect, it } from 'vitest';
import { explain } from '../../../src/core/explain/explain.js';
import { renderSlack } from '../../../src/core/render/slack/render-blocks.js';
import { HOSTILE, longestCard, oversizeCard } from '../../helpers/cards.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import { allStrings, expectSlackWithinLimits } from '../../helpers/platform-limits.js';

describe('renderSlack', () => {
  it('fits the longest real entry into one message within every Block Kit limit', () => {
    const messages = renderSlack(longestCard());
    expectSlackWithinLimits(messages);
    expect(messages).toHaveLength(1);
  });

  it('lays out a code card: header, summary, fields, sections, checklist, references, button', () => {
    const [message] = renderSlack(explain('403', realKnowledge()));
    const types = message?.blocks.map((b) => b.type) ?? [];
    expect(types[0]).toBe('header');
    expect(types).toContain('context');
    expect(types.at(-1)).toBe('actions');
    expect(message?.text).toContain('403 Forbidden');
    const body = JSON.stringify(message);
    expect(body).toContain('```\\nINVITE sip:');
    expect(body).toContain('Fix checklist');
  });

  it('splits a synthetic oversize card over several messages, each within limits, marking truncation', () => {
    const messages = renderSlack(oversizeCard());
    expectSlackWithinLimits(messages);
    expect(messages.length).toBeGreaterThan(1);
    expect(JSON.stringify(messages)).toContain('(part 2 of');
    expect(JSON.stringify(messages)).toContain('truncated');
  });

  it('escapes <!channel>, <@U123>, link syntax and & in every string it sends', () => {
    for (const card of [oversizeCard(), explain(HOSTILE, realKnowledge())]) {
      const strings = allStrings(renderSlack(card));
      const userText = strings.filter(
        (s) => s.includes('channel') || s.includes('U123') || s.includes('evil'),
      );
      expect(userText.length).toBeGreaterThan(0);
      for (const s of userText) {
        expect(s).not.toMatch(/<!channel>|<!here>|<@U123>|<@&456>|<#C789>|<http:\/\/evil/);
        expect(s).not.toMatch(/&(?!amp;|lt;|gt;)/);
      }
    }
  });

  it('marks every mrkdwn text verbatim so Slack does not auto-link mentions', () => {
    const mrkdwn: unknown[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        if ((value as { type?: unknown }).type === 'mrkdwn') mrkdwn.push(value);
        Object.values(value).forEach(walk);
      }
    };
    walk(renderSlack(explain('503', realKnowledge())));
    expect(mrkdwn.length).toBeGreaterThan(5);
    for (const text of mrkdwn) expect(text).toMatchObject({ verbatim: true });
  });
});
