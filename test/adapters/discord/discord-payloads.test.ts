import { describe, expect, it } from 'vitest';
import {
  type DiscordMessage,
  readInteraction,
  readMessage,
  skipMessage,
} from '../../../src/adapters/discord/discord-payloads.js';

const BOT = '100000000000000002';

function message(partial: Partial<DiscordMessage> = {}): DiscordMessage {
  return {
    id: '1',
    channelId: '2',
    guildId: '3',
    content: 'SIP/2.0 486 Busy Here',
    author: { id: '4', name: 'bob', bot: false },
    attachments: [],
    mentions: [],
    type: 0,
    ...partial,
  };
}

describe('Discord payloads', () => {
  it('reads junk as nothing, never throws', () => {
    for (const junk of [null, 1, 'x', [], {}, { type: 2 }, { type: 3, id: 'a', token: 't' }])
      expect(['unknown', 'ping']).toContain(readInteraction(junk).kind);
    expect(readMessage({ id: '1' })).toBeUndefined();
    expect(readMessage(null)).toBeUndefined();
  });

  it('reads a slash command with string and attachment options', () => {
    const i = readInteraction({
      type: 2,
      id: '9',
      token: 'tok',
      application_id: '8',
      channel_id: '7',
      channel: { id: '7', type: 11 },
      member: { nick: 'Ali', user: { id: '6', username: 'alice' } },
      data: {
        name: 'sip-diagnose',
        type: 1,
        options: [
          { name: 'trace', type: 3, value: 'SIP/2.0 200 OK' },
          { name: 'file', type: 11, value: '55' },
        ],
        resolved: {
          attachments: {
            55: {
              id: '55',
              filename: 'a.pcap',
              size: 10,
              url: 'https://cdn.discordapp.com/a.pcap',
            },
          },
        },
      },
    });
    expect(i).toMatchObject({
      kind: 'command',
      command: 'sip-diagnose',
      inThread: true,
      user: { id: '6', name: 'Ali' },
      options: { trace: 'SIP/2.0 200 OK' },
      files: { file: { filename: 'a.pcap', size: 10 } },
    });
  });

  it('skips what is not for the bot', () => {
    expect(skipMessage(message(), 'all', BOT)).toBeUndefined();
    expect(skipMessage(message(), 'off', BOT)).toMatch(/off/);
    expect(
      skipMessage(message({ author: { id: '5', name: 'ci', bot: true } }), 'all', BOT),
    ).toMatch(/bot/);
    expect(skipMessage(message({ webhookId: '77' }), 'all', BOT)).toMatch(/webhook/);
    expect(
      skipMessage(message({ author: { id: BOT, name: 'me', bot: false } }), 'all', BOT),
    ).toMatch(/itself/);
    expect(skipMessage(message({ type: 7 }), 'all', BOT)).toMatch(/system/);
    const { guildId: _dm, ...direct } = message();
    expect(skipMessage(direct, 'all', BOT)).toMatch(/server/);
    expect(skipMessage(message(), 'mention', BOT)).toMatch(/mention/);
    expect(skipMessage(message({ mentions: [BOT] }), 'mention', BOT)).toBeUndefined();
    expect(skipMessage(message({ type: 19 }), 'all', BOT)).toBeUndefined();
  });
});
