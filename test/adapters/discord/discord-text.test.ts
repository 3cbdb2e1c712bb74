import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { unwrapDiscordPaste } from '../../../src/adapters/discord/discord-text.js';
import { createApp } from '../../../src/core/app/handle.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const pastes = fileURLToPath(new URL('../../fixtures/pastes/', import.meta.url));
const files = readdirSync(pastes).filter((f) => !/^(README\.md|expected\.json|\..*)$/.test(f));

describe('unwrapDiscordPaste', () => {
  it('drops code fences, keeps what they wrap', () => {
    expect(unwrapDiscordPaste('see:\n```sip\nINVITE sip:a@b SIP/2.0\nVia: x\n```\nthanks')).toBe(
      'see:\nINVITE sip:a@b SIP/2.0\nVia: x\nthanks',
    );
    expect(unwrapDiscordPaste('```SIP/2.0 486 Busy Here\nCSeq: 1 INVITE```')).toBe(
      'SIP/2.0 486 Busy Here\nCSeq: 1 INVITE',
    );
  });

  it('drops quote markers, line by line and for the rest of the message', () => {
    expect(unwrapDiscordPaste('> SIP/2.0 403 Forbidden\n> CSeq: 2 INVITE\n>\nafter')).toBe(
      'SIP/2.0 403 Forbidden\nCSeq: 2 INVITE\n\nafter',
    );
    expect(unwrapDiscordPaste('>>> SIP/2.0 403 Forbidden\n> CSeq: 2 INVITE')).toBe(
      'SIP/2.0 403 Forbidden\n> CSeq: 2 INVITE',
    );
  });

  it('drops a mention of the bot, and leaves SIP text with @ and <> alone', () => {
    expect(unwrapDiscordPaste('<@100000000000000002> From: <sip:alice@example.com>;tag=1')).toBe(
      ' From: <sip:alice@example.com>;tag=1',
    );
  });

  it('every paste fixture, fenced or quoted as people post it, diagnoses as the raw text does', async () => {
    const app = createApp({ kb: realKnowledge() });
    const title = async (text: string) =>
      (
        await app.handle({
          type: 'message',
          text,
          origin: { platform: 'discord', user: { id: 'u' }, conversation: 'c' },
        })
      ).messages[0]?.card.title;
    for (const file of files) {
      const text = readFileSync(`${pastes}${file}`, 'utf8');
      const expected = await title(text);
      expect(expected, file).toBeDefined();
      expect(await title(unwrapDiscordPaste(`\`\`\`\n${text}\n\`\`\``)), file).toBe(expected);
      expect(await title(unwrapDiscordPaste(`>>> ${text}`)), file).toBe(expected);
    }
  });
});
