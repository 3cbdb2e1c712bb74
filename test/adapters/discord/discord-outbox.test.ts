/**
 * Where the outbox puts a card's files on Discord: the picture inside the
 * ladder's embed, every file on that message part, the state with the
 * buttons, and files over Discord's limits left out with a line saying so.
 */
import { describe, expect, it } from 'vitest';
import {
  DiscordOutbox,
  type DiscordTarget,
  MAX_FILE_BYTES,
  STATE_FILE,
} from '../../../src/adapters/discord/discord-outbox.js';
import type { DiscordRest, RestRequest } from '../../../src/adapters/discord/discord-rest.js';
import { type OutgoingFile, single } from '../../../src/core/app/reply.js';
import type { Card } from '../../../src/core/card.js';

interface Sent {
  route: string;
  body: {
    content?: string;
    embeds: { title?: string; image?: { url: string } }[];
    attachments?: { id: number | string; filename?: string; description?: string }[];
  };
  files: string[];
}

function recorder(): { rest: DiscordRest; sent: Sent[] } {
  const sent: Sent[] = [];
  const record = async (route: string, request?: RestRequest) => {
    if (route.endsWith('/threads')) return { id: 'T1' };
    sent.push({
      route,
      body: request?.body as Sent['body'],
      files: (request?.files ?? []).map((f) => f.name),
    });
    // As Discord answers: the message, with an id for each file it now holds.
    const n = sent.length;
    return {
      id: `M${n}`,
      attachments: (request?.files ?? []).map((f, i) => ({ id: `A${n}.${i}`, filename: f.name })),
    };
  };
  return {
    rest: { get: record, post: record, patch: record, put: record },
    sent,
  };
}

const paste: DiscordTarget = { kind: 'message', channelId: 'C1', messageId: 'P1', inThread: false };

/** A diagnosis-like card; `long` makes it two messages, the ladder in the second. */
function card(long = false): Card {
  const filler = Array.from({ length: long ? 4 : 0 }, (_, i) => ({
    id: `filler-${i}`,
    heading: `Evidence ${i}`,
    blocks: [{ type: 'text' as const, text: 'x'.repeat(1900) }],
  }));
  return {
    kind: 'diagnosis',
    title: 'INVITE failed: 486 Busy Here',
    summary: 'Bob was busy.',
    fields: [],
    sections: [
      { id: 'cause', heading: 'Why', blocks: [{ type: 'text', text: 'busy' }] },
      ...filler,
      {
        id: 'ladder',
        heading: 'Ladder',
        blocks: [{ type: 'code', language: 'text', text: 'A -> B INVITE\nA <- B 486' }],
      },
      { id: 'next', heading: 'To be sure, paste next', blocks: [{ type: 'text', text: 'more' }] },
    ],
    checklist: [{ id: 'd-1', text: 'check it' }],
    references: [],
    actions: [{ id: 'post-checklist', label: 'Post checklist', value: 'diagnosis' }],
    data: {},
  };
}

const png: OutgoingFile = {
  name: 'call-flow.png',
  contentType: 'image/png',
  content: new Uint8Array(64),
  title: 'Call flow',
};
const html: OutgoingFile = {
  name: 'sip-triage-report.html',
  contentType: 'text/html',
  content: '<!doctype html>',
  title: 'Open report',
};

describe('DiscordOutbox: files', () => {
  it('shows the picture in the ladder embed; state, picture and report on one message', async () => {
    const { rest, sent } = recorder();
    await new DiscordOutbox(rest).send(
      single(card(), { kind: 'thread' }, { files: [png, html], state: 'stc1.x' }),
      paste,
    );
    expect(sent).toHaveLength(1);
    const [message] = sent;
    expect(message?.files).toEqual([STATE_FILE, 'call-flow.png', 'sip-triage-report.html']);
    expect(message?.body.attachments).toEqual([
      { id: 0, filename: STATE_FILE },
      { id: 1, filename: 'call-flow.png', description: 'Call flow' },
      { id: 2, filename: 'sip-triage-report.html', description: 'Open report' },
    ]);
    const images = message?.body.embeds.map((e) => e.image?.url);
    const ladder = message?.body.embeds.findIndex((e) => e.title === 'Ladder');
    expect(images?.filter(Boolean)).toEqual(['attachment://call-flow.png']);
    expect(images?.[ladder ?? -1]).toBe('attachment://call-flow.png');
  });

  it('puts the files on the part that holds the ladder when a card takes two messages', async () => {
    const { rest, sent } = recorder();
    await new DiscordOutbox(rest).send(
      single(card(true), { kind: 'thread' }, { files: [png, html], state: 'stc1.x' }),
      paste,
    );
    expect(sent.length).toBeGreaterThan(1);
    const at = sent.findIndex((m) => m.body.embeds.some((e) => e.title === 'Ladder'));
    expect(at).toBeGreaterThan(0);
    // The state stays with the buttons on the first part; the pictures go with the ladder.
    expect(sent[0]?.files).toEqual([STATE_FILE]);
    expect(sent[at]?.files).toEqual(['call-flow.png', 'sip-triage-report.html']);
    expect(sent[at]?.body.embeds.find((e) => e.title === 'Ladder')?.image?.url).toBe(
      'attachment://call-flow.png',
    );
    for (const [i, m] of sent.entries())
      if (i !== at) expect(JSON.stringify(m.body)).not.toContain('attachment://');
  });

  it('without a ladder, the picture goes in the last embed of the last part', async () => {
    const { rest, sent } = recorder();
    const plain = { ...card(), sections: card().sections.filter((s) => s.id !== 'ladder') };
    await new DiscordOutbox(rest).send(single(plain, { kind: 'thread' }, { files: [png] }), paste);
    const embeds = sent.at(-1)?.body.embeds ?? [];
    expect(embeds.at(-1)?.image?.url).toBe('attachment://call-flow.png');
    expect(embeds.slice(0, -1).some((e) => e.image !== undefined)).toBe(false);
  });

  it("leaves out what breaks Discord's limits, says so, and shows no missing picture", async () => {
    const { rest, sent } = recorder();
    const huge = { ...png, content: new Uint8Array(MAX_FILE_BYTES + 1) };
    const many = Array.from({ length: 10 }, (_, i) => ({
      name: `note-${i}.txt`,
      contentType: 'text/plain',
      content: 'x',
    }));
    await new DiscordOutbox(rest).send(
      single(card(), { kind: 'thread' }, { files: [huge, html, ...many], state: 's' }),
      paste,
    );
    const [message] = sent;
    // 10 files a message: the state and nine more.
    expect(message?.files).toEqual([
      STATE_FILE,
      'sip-triage-report.html',
      ...many.slice(0, 8).map((f) => f.name),
    ]);
    expect(message?.body.content).toBe(
      "Not attached, over Discord's upload limits: call-flow.png, note-8.txt, note-9.txt",
    );
    expect(JSON.stringify(message?.body)).not.toContain('attachment://');
  });

  it('a checklist update keeps only its new state, as before', async () => {
    const { rest, sent } = recorder();
    const list: Card = { ...card(), kind: 'checklist', sections: [] };
    await new DiscordOutbox(rest).send(
      single(list, { kind: 'update', message: 'M9' }, { state: 'stc1.y' }),
      {
        kind: 'interaction',
        id: 'I1',
        token: 'tok',
        applicationId: 'A1',
        channelId: 'C1',
        inThread: true,
      },
    );
    expect(sent.map((m) => [m.route, m.files, m.body.attachments])).toEqual([
      ['/webhooks/A1/tok/messages/@original', [STATE_FILE], [{ id: 0, filename: STATE_FILE }]],
    ]);
  });
});

describe('DiscordOutbox: pictures that come later', () => {
  const later = (files: OutgoingFile[], failures: string[] = []) => ({
    names: files.map((f) => f.name),
    ready: Promise.resolve({ files, failures }),
  });

  it('sends the card with its state, then edits the pictures in, keeping the state by its id', async () => {
    const { rest, sent } = recorder();
    const reply = single(card(), { kind: 'thread' }, { state: 'stc1.x' });
    const [message] = reply.messages;
    if (message === undefined) throw new Error('no message');
    message.later = later([png, html]);
    await new DiscordOutbox(rest).send(reply, paste);
    expect(sent.map((m) => [m.route, m.files])).toEqual([
      ['/channels/T1/messages', [STATE_FILE]],
      ['/channels/T1/messages/M1', ['call-flow.png', 'sip-triage-report.html']],
    ]);
    expect(JSON.stringify(sent[0]?.body)).not.toContain('attachment://');
    expect(sent[1]?.body.attachments).toEqual([
      { id: 'A1.0' },
      { id: 0, filename: 'call-flow.png', description: 'Call flow' },
      { id: 1, filename: 'sip-triage-report.html', description: 'Open report' },
    ]);
    const ladder = sent[1]?.body.embeds.find((e) => e.title === 'Ladder');
    expect(ladder?.image?.url).toBe('attachment://call-flow.png');
    // The edit sends the whole message again: the buttons stay.
    expect(JSON.stringify(sent[1]?.body)).toContain('st:post-checklist:');
  });

  it('edits the follow-up that holds the ladder when an answer takes two messages', async () => {
    const { rest, sent } = recorder();
    const reply = single(card(true), { kind: 'reply' }, { state: 's' });
    const [message] = reply.messages;
    if (message === undefined) throw new Error('no message');
    message.later = later([png], ['The report could not be written.']);
    await new DiscordOutbox(rest).send(reply, {
      kind: 'interaction',
      id: 'I1',
      token: 'tok',
      applicationId: 'A1',
      channelId: 'C1',
      inThread: true,
      deferred: true,
    });
    const at = sent.findIndex((m) => m.body.embeds.some((e) => e.title === 'Ladder'));
    expect(at).toBeGreaterThan(0);
    const edit = sent.at(-1);
    expect(edit?.route).toBe(`/webhooks/A1/tok/messages/M${at + 1}`);
    expect(edit?.files).toEqual(['call-flow.png']);
    expect(edit?.body.content).toBe('(part 2 of 2)\nNo picture: The report could not be written.');
    expect(edit?.body.attachments).toEqual([
      { id: 0, filename: 'call-flow.png', description: 'Call flow' },
    ]);
  });
});
