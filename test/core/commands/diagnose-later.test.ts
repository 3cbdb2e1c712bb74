/**
 * A diagnosis's card is handed out before its pictures are drawn: `handle`
 * resolves with the pictures pending, and settleReply puts them back in
 * place (with the "No picture" section) for faces that send a message once.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/core/app/handle.js';
import { settleReply } from '../../../src/core/app/settle-reply.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import { gatedPictures } from '../../support/gated-pictures.js';

const raw = readFileSync(
  fileURLToPath(new URL('../../fixtures/pastes/raw.txt', import.meta.url)),
  'utf8',
);
const chat = { platform: 'slack', user: { id: 'U1' }, conversation: 'C1' };

describe('diagnose: pictures pending', () => {
  it('answers while the pictures are still held, and they follow when drawn', async () => {
    const gate = gatedPictures();
    const app = createApp({ kb: realKnowledge(), drawPictures: gate.draw });
    const reply = await app.handle({ type: 'message', text: raw, origin: chat });
    const [message] = reply.messages;
    expect(message?.card.title).toMatch(/failed: 486 Busy Here/);
    expect(message?.files).toEqual([]);
    expect(message?.later?.names).toEqual(['call-flow.png', 'sip-triage-report.html']);
    const ready = message?.later?.ready;
    if (ready === undefined) throw new Error('no pictures pending');
    // Drawing starts on the next turn: wait until it has been asked for, still held.
    await new Promise((r) => setTimeout(r, 20));
    expect(gate.asked).toBe(1);
    const held = await Promise.race([ready.then(() => 'drawn'), Promise.resolve('held')]);
    expect(held).toBe('held');
    gate.open();
    const { files, failures } = await ready;
    expect(failures).toEqual([]);
    expect(files.map((f) => f.name)).toEqual(['call-flow.png', 'sip-triage-report.html']);
  });

  it('cancelled before drawing began (a face that will not send them): nothing is drawn', async () => {
    const gate = gatedPictures();
    const app = createApp({ kb: realKnowledge(), drawPictures: gate.draw });
    const reply = await app.handle({ type: 'message', text: raw, origin: chat });
    const later = reply.messages[0]?.later;
    if (later?.cancel === undefined) throw new Error('no pictures to cancel');
    later.cancel();
    gate.open();
    expect(await later.ready).toEqual({ files: [], failures: [] });
    expect(gate.asked).toBe(0);
  });

  it('a renderer that throws gives a reason, and settleReply puts it on the card as before', async () => {
    const app = createApp({
      kb: realKnowledge(),
      drawPictures: async () => {
        throw new Error('no renderer here');
      },
    });
    const reply = await app.handle({ type: 'message', text: raw, origin: chat });
    expect(await reply.messages[0]?.later?.ready).toEqual({
      files: [],
      failures: ['no renderer here'],
    });
    const settled = await settleReply(reply);
    const [message] = settled.messages;
    expect(message?.later).toBeUndefined();
    expect(message?.card.sections.at(-1)).toEqual({
      id: 'pictures',
      heading: 'No picture',
      blocks: [{ type: 'text', text: 'no renderer here' }],
    });
    // The reply handed out is left as it was.
    expect(reply.messages[0]?.card.sections.some((s) => s.id === 'pictures')).toBe(false);
  });

  it('settleReply merges drawn files after those the message already had', async () => {
    const app = createApp({ kb: realKnowledge() });
    const reply = await app.handle({ type: 'message', text: raw, origin: chat });
    const settled = await settleReply(reply);
    expect(settled.messages[0]?.files.map((f) => f.name)).toEqual([
      'call-flow.png',
      'sip-triage-report.html',
    ]);
    expect(settled.messages[0]?.card.sections.some((s) => s.id === 'pictures')).toBe(false);
  });

  it('nothing is pending when no picture is asked for (the terminal)', async () => {
    const app = createApp({ kb: realKnowledge() });
    const reply = await app.handle({
      type: 'command',
      text: raw,
      origin: { platform: 'console', user: { id: 'local' }, conversation: 'console' },
    });
    expect(reply.messages[0]?.card.title).toMatch(/failed: 486 Busy Here/);
    expect(reply.messages[0]?.later).toBeUndefined();
    expect(await settleReply(reply)).toBe(reply);
  });
});
