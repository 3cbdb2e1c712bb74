/** Shared files as attachments: the token goes only to Slack, a sign-in redirect is explained, the cap holds. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileName, slackAttachment } from '../../../src/adapters/slack/slack-files.js';
import { BOT_TOKEN, FakeSlack } from '../../support/slack/fake-slack.js';

let fake: FakeSlack;
beforeAll(async () => {
  fake = new FakeSlack();
  await fake.start();
});
afterAll(async () => {
  await fake?.stop();
});

async function read(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks);
}

const host = () => new URL(fake.base).host;

describe('Slack files', () => {
  it('downloads with the bot token from a trusted host, cut one byte past the cap', async () => {
    const file = fake.addFile('trace.txt', Buffer.alloc(100_000, 0x41), 'text/plain');
    const whole = await read(
      slackAttachment(file, {
        botToken: BOT_TOKEN,
        trustedHosts: [host()],
        maxBytes: 1_000_000,
      }).open(),
    );
    expect(whole.byteLength).toBe(100_000);
    const cut = await read(
      slackAttachment(file, { botToken: BOT_TOKEN, trustedHosts: [host()], maxBytes: 1000 }).open(),
    );
    expect(cut.byteLength).toBe(1001);
  });

  it('never sends the token to a host that is not Slack', async () => {
    const file = fake.addFile('trace.pcap', Buffer.alloc(10));
    const attachment = slackAttachment(file, {
      botToken: BOT_TOKEN,
      trustedHosts: [],
      maxBytes: 1000,
    });
    await expect(read(attachment.open())).rejects.toThrow(/not on Slack/);
    expect(fake.calls).toEqual([]);
  });

  it('explains a redirect to the sign-in page (a token without files:read)', async () => {
    const file = fake.addFile('trace.pcap', Buffer.alloc(10));
    const attachment = slackAttachment(file, {
      botToken: 'xoxb-wrong',
      trustedHosts: [host()],
      maxBytes: 1000,
    });
    await expect(read(attachment.open())).rejects.toThrow(/files:read/);
  });

  it('names a text snippet so the core reads it as text', () => {
    expect(fileName({ name: 'Untitled', filetype: 'text' })).toBe('Untitled.txt');
    expect(fileName({ name: 'edge.pcapng' })).toBe('edge.pcapng');
    expect(fileName({ title: 'capture', filetype: 'pcap' })).toBe('capture.pcap');
  });
});
