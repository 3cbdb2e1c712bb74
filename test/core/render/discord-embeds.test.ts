import { describe, expect, it } from 'vitest';
import { explain } from '../../../src/core/explain/explain.js';
import { embedLength, renderDiscord } from '../../../src/core/render/discord/render-embeds.js';
import { HOSTILE, longestCard, oversizeCard } from '../../helpers/cards.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import { allStrings, expectDiscordWithinLimits } from '../../helpers/platform-limits.js';

describe('renderDiscord', () => {
  it('keeps the longest real entry within every embed limit', () => {
    const messages = renderDiscord(longestCard());
    expectDiscordWithinLimits(messages);
    for (const m of messages)
      expect(m.embeds.reduce((s, e) => s + embedLength(e), 0)).toBeLessThanOrEqual(6000);
  });

  it('lays out a code card with fields, a fenced SIP example and a checklist button', () => {
    const messages = renderDiscord(explain('403', realKnowledge()));
    const [first] = messages;
    expect(first?.embeds[0]?.title).toBe('403 Forbidden');
    expect(first?.embeds[0]?.fields?.map((f) => f.name)).toContain('FreeSWITCH');
    expect(JSON.stringify(messages)).toContain('```sip\\nINVITE sip:');
    expect(first?.components?.[0]?.components[0]).toMatchObject({
      custom_id: 'st:post-checklist:code:403',
    });
  });

  it('splits a synthetic oversize card over several messages, each within limits, marking truncation', () => {
    const messages = renderDiscord(oversizeCard());
    expectDiscordWithinLimits(messages);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages[1]?.content).toMatch(/^\(part 2 of \d+\)$/);
    expect(JSON.stringify(messages)).toContain('truncated');
  });

  it('neutralises @everyone, @here, mentions and masked links in every string it sends', () => {
    for (const card of [oversizeCard(), explain(HOSTILE, realKnowledge())]) {
      const strings = allStrings(renderDiscord(card));
      const userText = strings.filter((s) => s.includes('everyone') || s.includes('evil'));
      expect(userText.length).toBeGreaterThan(0);
      for (const s of userText) {
        expect(s).not.toMatch(/@everyone|@here|<@U123>|<@&456>|<#C789>/);
        // Discord renders no links inside code blocks, so only text outside them must be escaped.
        const outsideCode = s.replace(/```[\s\S]*?```/g, '');
        expect(outsideCode).not.toMatch(/(?<!\\)\[click(?:\\)?\]\(http/);
      }
    }
  });

  it('never lets a code fence in the content break out of its block', () => {
    const messages = renderDiscord(oversizeCard());
    for (const embed of messages.flatMap((m) => m.embeds)) {
      const fences = embed.description?.match(/^```/gm) ?? [];
      expect(fences.length % 2, embed.title).toBe(0);
    }
  });
});
