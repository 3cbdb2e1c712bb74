/** Slack's escaping and auto-links undone, so a paste reads as it was typed. */
import { describe, expect, it } from 'vitest';
import { unescapeSlack } from '../../../src/adapters/slack/slack-text.js';

describe('unescapeSlack', () => {
  it('undoes the entities and the links Slack made of a SIP header', () => {
    expect(
      unescapeSlack('To: &lt;sip:<mailto:alice@example.com|alice@example.com>&gt;;tag=1'),
    ).toBe('To: <sip:alice@example.com>;tag=1');
    expect(unescapeSlack('Via: SIP/2.0/UDP <http://pbx.example.com|pbx.example.com>:5060')).toBe(
      'Via: SIP/2.0/UDP pbx.example.com:5060',
    );
    expect(unescapeSlack('<tel:+15551234|+15551234> a &amp;&amp; b')).toBe('+15551234 a && b');
    expect(unescapeSlack('see <https://example.com/x>')).toBe('see https://example.com/x');
  });

  it('turns mentions and channel links into plain text', () => {
    expect(unescapeSlack('<@U123> <#C42|incident> <!here> <!subteam^S1|@oncall>')).toBe(
      '@U123 #incident @here @oncall',
    );
  });

  it('decodes an entity once: a typed "&lt;" stays "&lt;"', () => {
    expect(unescapeSlack('&amp;lt;')).toBe('&lt;');
  });
});
