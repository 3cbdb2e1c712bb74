/**
 * A diagnosis's card does not wait for its pictures on Slack: the real Bolt
 * app over HTTP against the fake Slack, with the picture renderer held
 * behind a gate the test opens (AppOptions.drawPictures). The card is
 * posted while the gate is closed; the pictures are shared in its thread
 * after it opens; a picture that cannot be drawn is a line in the thread.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { DrawPictures } from '../../../src/core/commands/diagnosis-pictures.js';
import { gatedPictures, withoutPng } from '../../support/gated-pictures.js';
import { type StoredMessage, waitFor } from '../../support/slack/fake-slack.js';
import { escapeAsSlackDoes } from '../../support/slack/slack-escaping.js';
import { blockText, type Harness, startSlack } from '../../support/slack/slack-harness.js';

const raw = readFileSync(
  fileURLToPath(new URL('../../fixtures/pastes/raw.txt', import.meta.url)),
  'utf8',
);

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function start(
  draw: DrawPictures,
  response: 'in_channel' | 'ephemeral' = 'in_channel',
): Promise<Harness> {
  h = await startSlack({ response }, { drawPictures: draw });
  return h;
}

/** Pastes the trace in #incident; returns the person's message. */
async function paste(bot: Harness): Promise<StoredMessage> {
  const m = bot.fake.addMessage({
    channel: 'C0INCIDENT',
    user: 'U0ALICE',
    text: escapeAsSlackDoes(raw),
  });
  await bot.sender.event({
    type: 'message',
    channel: m.channel,
    user: m.user,
    text: m.text,
    ts: m.ts,
    event_ts: m.ts,
    channel_type: 'channel',
  });
  return m;
}

function inThread(bot: Harness, ts: string, count: number): Promise<StoredMessage[]> {
  return waitFor(
    () => {
      const found = bot.fake.botMessages().filter((m) => m.thread_ts === ts);
      return found.length >= count ? found : undefined;
    },
    10_000,
    `${count} bot messages in thread ${ts}`,
  );
}

describe('Slack: the card first, the pictures when drawn', () => {
  it('posts the card while the pictures are held, and shares them in its thread once drawn', async () => {
    const gate = gatedPictures();
    const bot = await start(gate.draw);
    const m = await paste(bot);
    const [card] = await inThread(bot, m.ts, 1);
    expect(card?.text).toMatch(/486 Busy Here/);
    expect(card?.metadata?.event_type).toBe('sip_triage_state');
    // The drawing was asked for and is still held: nothing was uploaded, and the card is out.
    expect(gate.asked).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(bot.fake.called('files.getUploadURLExternal')).toEqual([]);
    expect(bot.fake.uploads).toEqual([]);

    gate.open();
    const files = await waitFor(
      () => (bot.fake.uploads.length >= 2 ? bot.fake.uploads : undefined),
      10_000,
      'the pictures',
    );
    expect(files.map((f) => [f.filename, f.thread_ts, f.share])).toEqual([
      ['call-flow.png', m.ts, 1],
      ['sip-triage-report.html', m.ts, 1],
    ]);
    // In API order: the card, then the upload of the pictures.
    const methods = bot.fake.calls
      .map((c) => c.method)
      .filter((x) => x === 'chat.postMessage' || x === 'files.completeUploadExternal');
    expect(methods).toEqual(['chat.postMessage', 'files.completeUploadExternal']);
    await bot.adapter.idle();
    expect(bot.fake.botMessages().filter((x) => x.thread_ts === m.ts)).toHaveLength(1);
    expect(bot.errors).toEqual([]);
  });

  it('a picture that cannot be drawn: the card stands, the rest is shared, one line says why', async () => {
    const bot = await start(withoutPng('The picture would be too large to draw.'));
    const m = await paste(bot);
    const [card, note] = await inThread(bot, m.ts, 2);
    expect(card?.text).toMatch(/486 Busy Here/);
    // The card went out whole, before anyone knew the picture would fail: no "No picture" section on it.
    expect(blockText(card ?? {})).not.toContain('No picture');
    await bot.adapter.idle();
    expect(bot.fake.uploads.map((u) => [u.filename, u.thread_ts])).toEqual([
      ['sip-triage-report.html', m.ts],
    ]);
    expect(note?.text).toBe(
      'No picture for the answer above: The picture would be too large to draw.',
    );
    const warning = bot.logs.find((l) => l.includes('could not be drawn'));
    expect(warning).toContain('"level":"warn"');
    expect(bot.errors).toEqual([]);
  });

  it('a renderer that throws is a reason like any other, never an unhandled rejection', async () => {
    const bot = await start(async () => {
      throw new Error('the renderer fell over');
    });
    const m = await paste(bot);
    const [card, note] = await inThread(bot, m.ts, 2);
    expect(card?.text).toMatch(/486 Busy Here/);
    expect(note?.text).toBe('No picture for the answer above: the renderer fell over');
    await bot.adapter.idle();
    expect(bot.fake.uploads).toEqual([]);
    expect(bot.errors).toEqual([]);
  });

  it('an answer only the asker sees names the pictures at once and does not draw them', async () => {
    const gate = gatedPictures();
    const bot = await start(gate.draw, 'ephemeral');
    await bot.sender.slash(escapeAsSlackDoes(raw), { responseUrl: bot.fake.responseUrl() });
    const answer = await waitFor(() => bot.fake.responses[0], 10_000, 'the ephemeral answer');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(blockText(answer.body)).toContain(
      'Not attached, since Slack shares files with the whole channel only: call-flow.png, sip-triage-report.html.',
    );
    gate.open();
    await bot.adapter.idle();
    // Slack cannot share them with one person: they were cancelled before drawing began.
    expect(gate.asked).toBe(0);
    expect(bot.fake.uploads).toEqual([]);
    expect(bot.fake.botMessages()).toEqual([]);
  });
});
