/**
 * A diagnosis's card does not wait for its pictures on Discord: the real
 * discord.js client on the fake gateway and REST, with the picture renderer
 * held behind a gate the test opens (AppOptions.drawPictures). The card is
 * posted in the thread while the gate is closed; once it opens, the card's
 * message is edited to show the call flow in its ladder embed, keeping its
 * state file. A picture not drawn, or an edit Discord refuses, is said
 * beside the card, which stands.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { STATE_FILE } from '../../../src/adapters/discord/discord-outbox.js';
import type { DrawPictures } from '../../../src/core/commands/diagnosis-pictures.js';
import { type DiscordHarness, startDiscord } from '../../support/discord/discord-harness.js';
import { type StoredMessage, waitFor } from '../../support/discord/fake-discord.js';
import { gatedPictures, withoutPng } from '../../support/gated-pictures.js';

const raw = readFileSync(
  fileURLToPath(new URL('../../fixtures/pastes/raw.txt', import.meta.url)),
  'utf8',
);

let h: DiscordHarness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(draw: DrawPictures): Promise<DiscordHarness> {
  h = await startDiscord({ app: { drawPictures: draw } });
  return h;
}

/** The bot's messages in the thread on `messageId`, once `count` are there. */
function inThread(bot: DiscordHarness, messageId: string, count: number): Promise<StoredMessage[]> {
  return waitFor(
    () => {
      const found = [...bot.fake.messages.values()].filter((m) => m.channel_id === messageId);
      return found.length >= count ? found : undefined;
    },
    10_000,
    `${count} bot messages in thread ${messageId}`,
  );
}

function imageUrls(message: { embeds?: unknown }): string[] {
  const embeds = Array.isArray(message.embeds) ? message.embeds : [];
  return embeds.flatMap((e) => {
    const url = (e as { image?: { url?: unknown } }).image?.url;
    return typeof url === 'string' ? [url] : [];
  });
}

describe('Discord: the card first, the pictures edited in when drawn', () => {
  it('posts the card while the pictures are held, then edits them in and keeps the state', async () => {
    const gate = gatedPictures();
    const bot = await start(gate.draw);
    const m = bot.fake.userMessage({ content: raw });
    const [card] = await inThread(bot, String(m.id), 1);
    if (card === undefined) throw new Error('no card');
    expect(gate.asked).toBe(1);
    expect(card.attachments.map((a) => a.filename)).toEqual([STATE_FILE]);
    expect(imageUrls(card)).toEqual([]);
    await new Promise((r) => setTimeout(r, 100));
    expect(bot.fake.called('PATCH', /^\/channels\//)).toEqual([]);

    gate.open();
    const edit = await bot.fake.waitForCall(
      (c) => c.method === 'PATCH' && c.path === `/channels/${m.id}/messages/${card.id}`,
      10_000,
    );
    const post = bot.fake.called('POST', new RegExp(`^/channels/${m.id}/messages$`));
    expect(post).toHaveLength(1);
    expect(edit.at).toBeGreaterThan(post[0]?.at ?? Number.POSITIVE_INFINITY);
    await bot.adapter.idle();
    const stored = bot.fake.messages.get(card.id) as StoredMessage;
    expect(stored.attachments.map((a) => [a.filename, a.description])).toEqual([
      [STATE_FILE, undefined],
      ['call-flow.png', 'Call flow'],
      ['sip-triage-report.html', 'Open report'],
    ]);
    expect(imageUrls(stored)).toEqual(['attachment://call-flow.png']);
    // The buttons are still there, and nothing else was posted.
    expect(JSON.stringify(stored.components)).toContain('st:post-checklist:');
    expect([...bot.fake.messages.values()].filter((x) => x.channel_id === m.id)).toHaveLength(1);
    expect(bot.errors).toEqual([]);
  });

  it('a picture that cannot be drawn: the report is edited in with a line saying why', async () => {
    const bot = await start(withoutPng('The picture would be too large to draw.'));
    const m = bot.fake.userMessage({ content: raw });
    const [card] = await inThread(bot, String(m.id), 1);
    if (card === undefined) throw new Error('no card');
    await bot.adapter.idle();
    const stored = bot.fake.messages.get(card.id) as StoredMessage;
    expect(stored.content).toBe('No picture: The picture would be too large to draw.');
    expect(stored.attachments.map((a) => a.filename)).toEqual([
      STATE_FILE,
      'sip-triage-report.html',
    ]);
    expect(imageUrls(stored)).toEqual([]);
    expect(bot.logs.find((l) => l.includes('could not be drawn'))).toContain('"level":"warn"');
    expect(bot.errors).toEqual([]);
  });

  it('a renderer that throws is a reason like any other, never an unhandled rejection', async () => {
    const bot = await start(async () => {
      throw new Error('the renderer fell over');
    });
    const m = bot.fake.userMessage({ content: raw });
    const [card] = await inThread(bot, String(m.id), 1);
    if (card === undefined) throw new Error('no card');
    await bot.adapter.idle();
    const stored = bot.fake.messages.get(card.id) as StoredMessage;
    expect(stored.content).toBe('No picture: the renderer fell over');
    expect(stored.attachments.map((a) => a.filename)).toEqual([STATE_FILE]);
  });

  it('an edit Discord refuses leaves the card as it was, logs it, and says so in the thread', async () => {
    const gate = gatedPictures();
    const bot = await start(gate.draw);
    const m = bot.fake.userMessage({ content: raw });
    const [card] = await inThread(bot, String(m.id), 1);
    if (card === undefined) throw new Error('no card');
    bot.fake.failNext('PATCH', new RegExp(`^/channels/${m.id}/messages/${card.id}$`), 403, {
      message: 'Missing Permissions',
      code: 50013,
    });
    gate.open();
    const [, note] = await inThread(bot, String(m.id), 2);
    expect(note?.content).toMatch(
      /^sip-triage could not add call-flow\.png, sip-triage-report\.html to the answer above because Discord answered with error 50013 \(the bot lacks a permission here: .*Attach Files.*\); the bot's log has the details\.$/,
    );
    const stored = bot.fake.messages.get(card.id) as StoredMessage;
    expect(stored.edits).toBe(0);
    expect(stored.attachments.map((a) => a.filename)).toEqual([STATE_FILE]);
    const warning = bot.logs.find((l) => l.includes('could not add the pictures'));
    expect(warning).toContain('"level":"warn"');
    expect(warning).toContain('50013');
    expect(bot.errors).toEqual([]);
  });
});
