/** Where the outbox puts each outgoing message, checked against a recording Web API. */
import { describe, expect, it } from 'vitest';
import {
  type SlackApi,
  SlackOutbox,
  type SlackTrigger,
} from '../../../src/adapters/slack/slack-outbox.js';
import { single } from '../../../src/core/app/reply.js';
import type { Card } from '../../../src/core/card.js';

function recorder(failUpload?: Error) {
  const calls: { method: string; args: Record<string, unknown> }[] = [];
  let ts = 100;
  const api: SlackApi = {
    post: async (args) => {
      calls.push({ method: 'post', args });
      return { ts: `${ts++}.000001` };
    },
    update: async (args) => void calls.push({ method: 'update', args }),
    postEphemeral: async (args) => void calls.push({ method: 'postEphemeral', args }),
    upload: async (args) => {
      calls.push({ method: 'upload', args });
      if (failUpload !== undefined) throw failUpload;
    },
    respond: async (url, body) => void calls.push({ method: 'respond', args: { url, ...body } }),
  };
  return { api, calls };
}

/** A card long enough for several Slack messages (50 blocks each). */
function longCard(): Card {
  return {
    kind: 'diagnosis',
    title: 'INVITE failed',
    summary: 'long',
    fields: [],
    sections: Array.from({ length: 40 }, (_, i) => ({
      id: `s${i}`,
      heading: `Section ${i}`,
      blocks: [{ type: 'text' as const, text: `text ${i}` }],
    })),
    checklist: [{ id: 'diagnosis-1', text: 'check it' }],
    references: [],
    actions: [{ id: 'post-checklist', label: 'Post checklist', value: 'diagnosis' }],
    data: {},
  };
}

const paste: SlackTrigger = { kind: 'message', channel: 'C1', user: 'U1', ts: '5.000001' };

/** A diagnosis's two pictures, as the core attaches them. */
const pictures = [
  {
    name: 'call-flow.png',
    contentType: 'image/png',
    content: new Uint8Array([137, 80]),
    title: 'Call flow',
  },
  {
    name: 'sip-triage-report.html',
    contentType: 'text/html',
    content: '<html>',
    title: 'Open report',
  },
];

describe('SlackOutbox', () => {
  it('posts every part of a long card in the thread, each with the state the buttons need', async () => {
    const { api, calls } = recorder();
    await new SlackOutbox(api, { response: 'in_channel' }).send(
      single(longCard(), { kind: 'thread' }, { state: 'stc1.x' }),
      paste,
    );
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) {
      expect(call.method).toBe('post');
      expect(call.args.thread_ts).toBe('5.000001');
      expect(call.args.metadata).toEqual({
        event_type: 'sip_triage_state',
        event_payload: { state: 'stc1.x' },
      });
    }
    const last = JSON.stringify(calls.at(-1)?.args.blocks);
    expect(last).toContain('sip-triage:post-checklist');
  });

  it('answers a slash command in the channel, or only to the asker with SLACK_RESPONSE=ephemeral', async () => {
    const card = { ...longCard(), sections: [] };
    const slash: SlackTrigger = { kind: 'slash', channel: 'C1', user: 'U1' };
    const open = recorder();
    await new SlackOutbox(open.api, { response: 'in_channel' }).send(single(card), slash);
    expect(open.calls.map((c) => [c.method, c.args.thread_ts])).toEqual([['post', undefined]]);
    const hidden = recorder();
    await new SlackOutbox(hidden.api, { response: 'ephemeral' }).send(single(card), {
      ...slash,
      responseUrl: 'https://hooks.slack.com/commands/1',
    });
    expect(hidden.calls.map((c) => [c.method, c.args.url, c.args.response_type])).toEqual([
      ['respond', 'https://hooks.slack.com/commands/1', 'ephemeral'],
    ]);
  });

  it('edits in place for an update, and uploads files into the thread after their card', async () => {
    const { api, calls } = recorder();
    const outbox = new SlackOutbox(api, { response: 'in_channel' });
    const card = { ...longCard(), sections: [] };
    await outbox.send(single(card, { kind: 'update', message: '7.000001' }, { state: 's2' }), {
      kind: 'action',
      channel: 'C1',
      user: 'U2',
      ts: '7.000001',
      threadTs: '5.000001',
    });
    await outbox.send(
      single(
        card,
        { kind: 'thread' },
        { files: [{ name: 'diagnosis.json', contentType: 'application/json', content: '{}' }] },
      ),
      { kind: 'action', channel: 'C1', user: 'U2', ts: '6.000001', threadTs: '5.000001' },
    );
    expect(calls.map((c) => [c.method, c.args.ts ?? c.args.thread_ts])).toEqual([
      ['update', '7.000001'],
      ['post', '5.000001'],
      ['upload', '5.000001'],
    ]);
  });

  it('shares all files of a card in one upload under it, titled, the picture with alt text', async () => {
    const { api, calls } = recorder();
    const card = { ...longCard(), sections: [] };
    await new SlackOutbox(api, { response: 'in_channel' }).send(
      single(card, { kind: 'thread' }, { files: pictures }),
      paste,
    );
    expect(calls.map((c) => c.method)).toEqual(['post', 'upload']);
    expect(calls[1]?.args).toEqual({
      channel: 'C1',
      thread_ts: '5.000001',
      files: [
        {
          filename: 'call-flow.png',
          title: 'Call flow',
          content: pictures[0]?.content,
          altText: 'Call flow',
        },
        { filename: 'sip-triage-report.html', title: 'Open report', content: '<html>' },
      ],
    });
    // A slash command's card is in the channel: its files go in a thread on it.
    const slash = recorder();
    await new SlackOutbox(slash.api, { response: 'in_channel' }).send(
      single(card, { kind: 'reply' }, { files: pictures }),
      { kind: 'slash', channel: 'C1', user: 'U1' },
    );
    expect(slash.calls.map((c) => [c.method, c.args.thread_ts])).toEqual([
      ['post', undefined],
      ['upload', '100.000001'],
    ]);
  });

  it('sends no files with an answer only the asker sees: Slack would share them with everyone', async () => {
    const { api, calls } = recorder();
    const card = { ...longCard(), sections: [] };
    await new SlackOutbox(api, { response: 'ephemeral' }).send(
      single(card, { kind: 'reply' }, { files: pictures }),
      { kind: 'slash', channel: 'C1', user: 'U1', responseUrl: 'https://hooks.slack.com/c/1' },
    );
    expect(calls.map((c) => c.method)).toEqual(['respond']);
    // The asker is told what was left out and how to get it.
    const sent = calls[0]?.args as { blocks: unknown[] } | undefined;
    expect(sent?.blocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        {
          type: 'plain_text',
          text: 'Not attached, since Slack shares files with the whole channel only: call-flow.png, sip-triage-report.html. Paste the trace in the channel to get them.',
          emoji: false,
        },
      ],
    });
  });

  it('a failed upload keeps the card, is logged, and is told in one line in the thread', async () => {
    const failure = Object.assign(new Error('files.completeUploadExternal: not_in_channel'), {
      data: { error: 'not_in_channel' },
    });
    const { api, calls } = recorder(failure);
    const warnings: { message: string; context: Record<string, unknown> }[] = [];
    const card = { ...longCard(), sections: [] };
    await new SlackOutbox(api, {
      response: 'in_channel',
      warn: (message, context) => warnings.push({ message, context }),
    }).send(single(card, { kind: 'thread' }, { files: pictures, state: 's1' }), paste);
    expect(calls.map((c) => [c.method, c.args.thread_ts])).toEqual([
      ['post', '5.000001'],
      ['upload', '5.000001'],
      ['post', '5.000001'],
    ]);
    const note = calls[2]?.args as { text: string; metadata?: unknown };
    expect(note.text).toBe(
      'sip-triage could not attach call-flow.png, sip-triage-report.html to the answer above because Slack answered "not_in_channel"; the bot\'s log has the details.',
    );
    expect(note.metadata).toBeUndefined();
    expect(warnings).toEqual([
      {
        message: 'slack: could not share the files of an answer',
        context: expect.objectContaining({
          code: 'not_in_channel',
          channel: 'C1',
          files: ['call-flow.png', 'sip-triage-report.html'],
        }),
      },
    ]);
  });

  it("posts every card first, then each card's pictures when drawn, and a line for one not drawn", async () => {
    const { api, calls } = recorder();
    const warnings: string[] = [];
    const card = { ...longCard(), sections: [] };
    const first = single(card, { kind: 'thread' }).messages[0];
    const second = single(card, { kind: 'thread' }).messages[0];
    if (first === undefined || second === undefined) throw new Error('no message');
    let draw: (files: { files: typeof pictures; failures: string[] }) => void = () => undefined;
    first.later = {
      names: ['call-flow.png', 'sip-triage-report.html'],
      ready: new Promise((resolve) => {
        draw = resolve;
      }),
    };
    second.later = {
      names: ['call-flow.png'],
      ready: Promise.resolve({ files: [], failures: ['Too wide to draw.'] }),
    };
    const sending = new SlackOutbox(api, {
      response: 'in_channel',
      warn: (message) => warnings.push(message),
    }).send({ messages: [first, second] }, paste);
    // Both cards are out while the first one's pictures are still being drawn.
    await new Promise((r) => setTimeout(r, 10));
    expect(calls.map((c) => c.method)).toEqual(['post', 'post']);
    draw({ files: pictures, failures: [] });
    await sending;
    expect(calls.map((c) => [c.method, c.args.thread_ts])).toEqual([
      ['post', '5.000001'],
      ['post', '5.000001'],
      ['upload', '5.000001'],
      ['post', '5.000001'],
    ]);
    expect(calls[3]?.args.text).toBe('No picture for the answer above: Too wide to draw.');
    expect(warnings).toEqual(['slack: a picture of an answer could not be drawn']);
  });

  it('an answer only the asker sees names the pictures still being drawn, without waiting', async () => {
    const { api, calls } = recorder();
    const card = { ...longCard(), sections: [] };
    const reply = single(card, { kind: 'reply' });
    const [message] = reply.messages;
    if (message === undefined) throw new Error('no message');
    message.later = { names: ['call-flow.png'], ready: new Promise(() => undefined) };
    await new SlackOutbox(api, { response: 'ephemeral' }).send(reply, {
      kind: 'slash',
      channel: 'C1',
      user: 'U1',
      responseUrl: 'https://hooks.slack.com/c/1',
    });
    expect(calls.map((c) => c.method)).toEqual(['respond']);
    expect(JSON.stringify(calls[0]?.args.blocks)).toContain(
      'Not attached, since Slack shares files with the whole channel only: call-flow.png.',
    );
  });
});
