/**
 * The Discord adapter end to end: the real discord.js client logged in to
 * the fake gateway, the fake REST recording what it sends. Slash commands,
 * autocomplete, the context menu, pastes and files in a channel, threads,
 * checklists ticked by two people at once, a rate limit, and manners.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATE_FILE } from '../../../src/adapters/discord/discord-outbox.js';
import { loadConfig } from '../../../src/config.js';
import { createApp } from '../../../src/core/app/handle.js';
import type { Attachment } from '../../../src/core/app/request.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import {
  click,
  customIds,
  type DiscordHarness,
  embedText,
  slashData,
  startDiscord,
} from '../../support/discord/discord-harness.js';
import {
  ALICE,
  APP_ID,
  BOB,
  BOT_USER_ID,
  CHANNEL_ID,
  GUILD_ID,
  type RestCall,
  type StoredMessage,
  waitFor,
} from '../../support/discord/fake-discord.js';

const pastes = fileURLToPath(new URL('../../fixtures/pastes/', import.meta.url));
const captures = fileURLToPath(new URL('../../fixtures/captures/', import.meta.url));
const raw = readFileSync(`${pastes}raw.txt`, 'utf8');
const pcap = readFileSync(`${captures}any-tcpdump.pcap`);

let h: DiscordHarness;
beforeAll(async () => {
  h = await startDiscord();
});
afterAll(async () => {
  await h?.stop();
});

function callbackOf(interaction: Record<string, unknown>): Promise<RestCall> {
  return h.fake.waitForCall(
    (c) =>
      c.method === 'POST' &&
      c.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
    10_000,
  );
}

function editOf(interaction: Record<string, unknown>): Promise<RestCall> {
  return h.fake.waitForCall(
    (c) =>
      c.method === 'PATCH' &&
      c.path === `/webhooks/${APP_ID}/${interaction.token}/messages/@original`,
    10_000,
  );
}

function waitForMessage(found: (m: StoredMessage) => boolean): Promise<StoredMessage> {
  return waitFor(() => [...h.fake.messages.values()].find(found), 10_000, 'a bot message');
}

function body(call: RestCall): Record<string, unknown> {
  return call.body as Record<string, unknown>;
}

/** What the core answers for the same input, outside Discord. */
async function directTitle(text: string, attachments: Attachment[] = []): Promise<string> {
  const reply = await createApp({ kb: realKnowledge() }).handle({
    type: 'command',
    command: 'diagnose',
    text,
    attachments,
    origin: { platform: 'discord', user: { id: 'u' }, conversation: 'c' },
  });
  return (reply.messages[0]?.card.title ?? '').replace(/\*\*|`|\\/g, '');
}

function bytesAttachment(name: string, data: Buffer): Attachment {
  return {
    name,
    size: data.length,
    async *open() {
      yield data;
    },
  };
}

describe('Discord over the gateway: commands', () => {
  it('logs in with the intents that read pasted text', () => {
    const identify = h.fake.identifies[0];
    // Guilds (1) | GuildMessages (512) | MessageContent (32768).
    expect(identify?.intents).toBe(1 | 512 | 32768);
  });

  it('/sip 403 answers with an embed as the initial response, mentioning nobody', async () => {
    const i = h.fake.interaction({ type: 2, data: slashData('sip', { query: '403' }) });
    const call = await callbackOf(i);
    const data = body(call).data as Record<string, unknown>;
    expect(body(call).type).toBe(4);
    expect(embedText(data)).toContain('403 Forbidden');
    expect(data.allowed_mentions).toEqual({ parse: [] });
    expect(customIds(data)).toContain('st:post-checklist:code:403');
  });

  it('/sip help is ephemeral', async () => {
    const i = h.fake.interaction({ type: 2, data: slashData('sip', { query: 'help' }) });
    const data = body(await callbackOf(i)).data as { flags?: number };
    expect((data.flags ?? 0) & 64).toBe(64);
  });

  it('autocomplete offers ranked choices from the core', async () => {
    const i = h.fake.interaction({
      type: 4,
      data: {
        id: '300000000000000001',
        name: 'sip',
        type: 1,
        options: [{ name: 'query', type: 3, value: '48', focused: true }],
      },
    });
    const call = await callbackOf(i);
    expect(body(call).type).toBe(8);
    const choices = (body(call).data as { choices: { name: string; value: string }[] }).choices;
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.map((c) => c.value)).toContain('486');
    expect(choices.find((c) => c.value === '486')?.name).toMatch(/Busy Here/);
  });

  it('/sip-diagnose with an attached capture defers, then edits in the diagnosis', async () => {
    const url = h.fake.serveFile('call.pcap', pcap);
    const i = h.fake.interaction({
      type: 2,
      data: {
        id: '300000000000000002',
        name: 'sip-diagnose',
        type: 1,
        options: [{ name: 'file', type: 11, value: '400000000000000001' }],
        resolved: {
          attachments: {
            '400000000000000001': {
              id: '400000000000000001',
              filename: 'call.pcap',
              size: pcap.length,
              url,
              proxy_url: url,
              content_type: 'application/vnd.tcpdump.pcap',
            },
          },
        },
      },
    });
    expect(body(await callbackOf(i)).type).toBe(5);
    const edit = await editOf(i);
    const expected = await directTitle('', [bytesAttachment('call.pcap', pcap)]);
    expect(embedText(body(edit) as Record<string, unknown>)).toContain(expected.slice(0, 60));
    expect(customIds(body(edit) as Record<string, unknown>)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^st:full-json:cmd:/)]),
    );
  });

  it('the "Diagnose SIP trace" context menu diagnoses the message it was used on', async () => {
    const target = h.fake.userMessage({ content: `\`\`\`sip\n${raw}\n\`\`\`` });
    const i = h.fake.interaction({
      type: 2,
      data: {
        id: '300000000000000003',
        name: 'Diagnose SIP trace',
        type: 3,
        target_id: target.id,
        resolved: { messages: { [String(target.id)]: target } },
      },
    });
    expect(body(await callbackOf(i)).type).toBe(5);
    const edit = await editOf(i);
    expect(embedText(body(edit) as Record<string, unknown>)).toContain(
      (await directTitle(raw)).slice(0, 60),
    );
    expect(customIds(body(edit) as Record<string, unknown>)).toContain(
      `st:full-json:msg:${CHANNEL_ID}:${target.id}`,
    );
  });
});

describe('Discord over the gateway: pastes in a channel', () => {
  function postsIn(channel: string): RestCall[] {
    return h.fake.calls.filter(
      (c) => c.method === 'POST' && c.path === `/channels/${channel}/messages`,
    );
  }

  it('a pasted trace in a code block gets a thread with the diagnosis', async () => {
    const m = h.fake.userMessage({ content: `calls to the carrier fail:\n\`\`\`\n${raw}\n\`\`\`` });
    const thread = await h.fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${CHANNEL_ID}/messages/${m.id}/threads`,
    );
    expect(typeof (thread.body as { name?: unknown }).name).toBe('string');
    const post = await h.fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${m.id}/messages`,
    );
    expect(embedText(body(post))).toContain((await directTitle(raw)).slice(0, 60));
    // Chat hides addresses by default.
    expect(JSON.stringify(post.body)).not.toContain('192.0.2.10');
  });

  it('posts in the existing thread when Discord says one exists (160004)', async () => {
    // Someone already opened a thread on the message before the bot got to it.
    const id = '700000000000000001';
    h.fake.threads.set(id, {
      id,
      type: 11,
      parent_id: CHANNEL_ID,
      guild_id: GUILD_ID,
      name: 'ours',
    });
    const m = h.fake.userMessage({ id, content: raw });
    const refused = await h.fake.waitForCall(
      (c) => c.path === `/channels/${CHANNEL_ID}/messages/${id}/threads`,
    );
    expect(refused.body).toMatchObject({ name: expect.any(String) });
    const posted = await waitForMessage((x) => x.channel_id === m.id);
    expect(embedText(posted)).toMatch(/486|Busy/);
  });

  it('a shared .pcap is downloaded on arrival and diagnosed in a thread', async () => {
    const m = h.fake.userMessage({
      content: 'capture from the SBC',
      attachments: [{ filename: 'sbc.pcap', data: pcap, content_type: 'application/octet-stream' }],
    });
    const post = await h.fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${m.id}/messages`,
      10_000,
    );
    expect(embedText(body(post))).toContain(
      (await directTitle('', [bytesAttachment('sbc.pcap', pcap)])).slice(0, 60),
    );
  });

  it('ignores chatter, bots, webhooks and its own messages', async () => {
    const before = h.fake.calls.length;
    h.fake.userMessage({ content: 'anyone seeing 503s from the carrier?' });
    h.fake.userMessage({
      content: raw,
      author: { id: '500000000000000001', username: 'alerts', bot: true },
    });
    h.fake.userMessage({
      content: raw,
      author: { id: BOT_USER_ID, username: 'sip-triage', bot: true },
    });
    // A paste after them is answered, so the ones before had their chance.
    const later = h.fake.userMessage({ content: raw });
    await h.fake.waitForCall((c) => c.path === `/channels/${later.id}/messages`, 10_000);
    const threads = h.fake.calls.slice(before).filter((c) => c.path.endsWith('/threads'));
    expect(threads.map((c) => c.path)).toEqual([
      `/channels/${CHANNEL_ID}/messages/${later.id}/threads`,
    ]);
  });

  it('echoed text never pings: @everyone and user mentions are defused', async () => {
    const hostile = raw.replace(
      'Subject:',
      'X-Note: @everyone <@200000000000000001> [x](http://evil)\r\nSubject:',
    );
    const m = h.fake.userMessage({ content: hostile });
    const post = await h.fake.waitForCall((c) => c.path === `/channels/${m.id}/messages`, 10_000);
    const text = JSON.stringify(post.body);
    expect(text).not.toMatch(/(^|[^\u200b])@everyone/);
    expect(text).not.toContain('<@200000000000000001>');
    expect(body(post).allowed_mentions).toEqual({ parse: [] });
  });

  it('a 429 on posting is waited out and the message sent once', async () => {
    const m = h.fake.userMessage({ content: raw });
    h.fake.failNext(
      'POST',
      new RegExp(`^/channels/${m.id}/messages$`),
      429,
      { message: 'You are being rate limited.', retry_after: 0.3, global: false },
      { 'retry-after': '1', 'x-ratelimit-scope': 'user' },
    );
    const started = Date.now();
    await waitForMessage((x) => x.channel_id === m.id);
    // The limited attempt and one more after the wait, no blind retries.
    expect(postsIn(m.id as string).length).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await new Promise((r) => setTimeout(r, 300));
    expect(postsIn(m.id as string).length).toBe(2);
  });
});

describe('Discord over the gateway: checklists', () => {
  async function postedChecklist(): Promise<StoredMessage> {
    const i = h.fake.interaction({ type: 2, data: slashData('sip', { query: '486' }) });
    await callbackOf(i);
    const reply = await waitForMessage((m) => m.interaction_id === i.id);
    const c = click(h.fake, reply, 'st:post-checklist:code:486', ALICE);
    expect(body(await callbackOf(c)).type).toBe(6);
    await h.fake.waitForCall(
      (call) => call.path === `/channels/${CHANNEL_ID}/messages/${reply.id}/threads`,
    );
    return waitForMessage((m) => m.channel_id === reply.id && embedText(m).includes('Checklist'));
  }

  it('"Post checklist" posts it in a thread with one toggle per item and its state as a file', async () => {
    const list = await postedChecklist();
    expect(embedText(list)).toMatch(/0\/\d+ done/);
    const ids = customIds(list);
    expect(ids.length).toBeGreaterThan(1);
    expect(ids.every((id) => id.startsWith('st:tick:'))).toBe(true);
    expect(list.attachments.map((a) => a.filename)).toEqual([STATE_FILE]);
  });

  it('two people ticking at the same moment both stay ticked', async () => {
    const list = await postedChecklist();
    const [first, second] = customIds(list);
    // Both clicks carry the message as it was before either landed.
    const a = click(h.fake, list, first as string, ALICE);
    const b = click(h.fake, list, second as string, BOB);
    await Promise.all([callbackOf(a), callbackOf(b)]);
    await Promise.all([editOf(a), editOf(b)]);
    const latest = h.fake.messages.get(list.id) as StoredMessage;
    const text = embedText(latest);
    expect(text).toMatch(/2\/\d+ done/);
    expect(text).toContain('ticked by **Alice**');
    expect(text).toContain('ticked by **bob**');
    expect(latest.attachments.map((f) => f.filename)).toEqual([STATE_FILE]);
    // Unticking one leaves the other.
    const c = click(h.fake, latest, customIds(latest)[0] as string, ALICE);
    await editOf(c);
    expect(embedText(h.fake.messages.get(list.id) as StoredMessage)).toMatch(/1\/\d+ done/);
  });

  it('"Full JSON" sends the diagnosis contract as a file', async () => {
    const m = h.fake.userMessage({ content: raw });
    const stored = await waitForMessage((x) => x.channel_id === m.id);
    const c = click(h.fake, stored, `st:full-json:msg:${CHANNEL_ID}:${m.id}`, ALICE);
    const followUp = await h.fake.waitForCall(
      (call) => call.method === 'POST' && call.path === `/webhooks/${APP_ID}/${c.token}`,
      10_000,
    );
    const file = followUp.files.find((f) => f.name.endsWith('.json'));
    expect(file).toBeDefined();
    const json = JSON.parse(file?.data.toString('utf8') ?? '{}') as { verdict?: { code?: number } };
    expect(json.verdict?.code).toBe(486);
  });
});

describe('Discord over the gateway: the pictures of a diagnosis', () => {
  it('sends the card first, then edits the call flow into its ladder embed and the report beside the state', async () => {
    const m = h.fake.userMessage({ content: raw });
    const post = await h.fake.waitForCall(
      (c) => c.method === 'POST' && c.path === `/channels/${m.id}/messages`,
      10_000,
    );
    // The card goes with its state alone: no picture is waited for.
    expect(post.files.map((f) => f.name)).toEqual([STATE_FILE]);
    expect(JSON.stringify(post.body)).not.toContain('attachment://');
    const card = await waitForMessage((x) => x.channel_id === m.id);
    const stateId = card.attachments.find((a) => a.filename === STATE_FILE)?.id;
    expect(stateId).toBeDefined();

    const edit = await h.fake.waitForCall(
      (c) => c.method === 'PATCH' && c.path === `/channels/${m.id}/messages/${card.id}`,
      10_000,
    );
    expect(edit.at).toBeGreaterThan(post.at);
    const sent = body(edit) as {
      embeds: { title?: string; image?: { url: string } }[];
      attachments: { id: number | string; filename?: string; description?: string }[];
    };
    // The picture sits in the embed that holds the text ladder.
    const shown = sent.embeds.filter((e) => e.image !== undefined);
    expect(shown.map((e) => [e.title, e.image?.url])).toEqual([
      ['Ladder', 'attachment://call-flow.png'],
    ]);
    // The edit keeps the state by its id and adds the two new files.
    expect(sent.attachments).toEqual([
      { id: stateId },
      { id: 0, filename: 'call-flow.png', description: 'Call flow' },
      { id: 1, filename: 'sip-triage-report.html', description: 'Open report' },
    ]);
    expect(edit.files.map((f) => [f.field, f.name, f.contentType])).toEqual([
      ['files[0]', 'call-flow.png', 'image/png'],
      ['files[1]', 'sip-triage-report.html', 'text/html'],
    ]);
    const png = PNG.sync.read(edit.files[0]?.data ?? Buffer.alloc(0));
    expect(png.width).toBeGreaterThanOrEqual(560);
    expect(png.width).toBeLessThanOrEqual(960);
    expect(png.height).toBeGreaterThan(100);
    const report = edit.files[1]?.data.toString('utf8') ?? '';
    expect(report).toContain((await directTitle(raw)).slice(0, 40));
    expect(report).not.toContain('192.0.2.10');

    // Discord keeps the files with their alt text on the message in the thread, the state among them.
    const stored = h.fake.messages.get(card.id) as StoredMessage;
    expect(stored.attachments.map((a) => [a.filename, a.description])).toEqual([
      [STATE_FILE, undefined],
      ['call-flow.png', 'Call flow'],
      ['sip-triage-report.html', 'Open report'],
    ]);
    expect(customIds(stored).some((id) => id.startsWith('st:post-checklist:'))).toBe(true);
  });

  it('"Post checklist" on that message still reads its state after the pictures were edited in', async () => {
    const m = h.fake.userMessage({ content: raw });
    const diagnosis = await waitForMessage(
      (x) => x.channel_id === m.id && x.attachments.some((a) => a.filename === 'call-flow.png'),
    );
    expect(diagnosis.edits).toBe(1);
    const post = customIds(diagnosis).find((id) => id.startsWith('st:post-checklist:'));
    expect(post).toBeDefined();
    const c = click(h.fake, diagnosis, post as string, ALICE);
    const followUp = await h.fake.waitForCall(
      (call) => call.method === 'POST' && call.path === `/webhooks/${APP_ID}/${c.token}`,
      10_000,
    );
    const list = await waitForMessage((x) => x.interaction_id === c.id && x.id !== diagnosis.id);
    expect(embedText(body(followUp))).toMatch(/0\/\d+ done/);
    // The checklist carries only its own state: no pictures.
    expect(list.attachments.map((a) => a.filename)).toEqual([STATE_FILE]);
    const tick = click(h.fake, list, customIds(list)[0] as string, ALICE);
    await editOf(tick);
    expect(embedText(h.fake.messages.get(list.id) as StoredMessage)).toMatch(/1\/\d+ done/);
  });

  it('/sip-diagnose fills in the deferred reply, then edits the picture and the report into it', async () => {
    const i = h.fake.interaction({ type: 2, data: slashData('sip-diagnose', { trace: raw }) });
    expect(body(await callbackOf(i)).type).toBe(5);
    const original = `/webhooks/${APP_ID}/${i.token}/messages/@original`;
    const edits = await waitFor(
      () => {
        const found = h.fake.called('PATCH', new RegExp(`^${original}$`));
        return found.length >= 2 ? found : undefined;
      },
      10_000,
      'two edits of the reply',
    );
    type Edit = {
      embeds: { image?: { url: string } }[];
      attachments: { id: number | string; filename?: string }[];
    };
    const [card, pictures] = edits.map((e) => ({ files: e.files, sent: body(e) as Edit }));
    expect(card?.files.map((f) => f.name)).toEqual([STATE_FILE]);
    expect(card?.sent.embeds.some((e) => e.image !== undefined)).toBe(false);
    expect(pictures?.sent.embeds.some((e) => e.image?.url === 'attachment://call-flow.png')).toBe(
      true,
    );
    expect(pictures?.files.map((f) => f.name)).toEqual(['call-flow.png', 'sip-triage-report.html']);
    const stored = await waitForMessage((x) => x.interaction_id === i.id);
    expect(stored.attachments.map((a) => a.filename)).toEqual([
      STATE_FILE,
      'call-flow.png',
      'sip-triage-report.html',
    ]);
    expect(pictures?.sent.attachments[0]).toEqual({ id: stored.attachments[0]?.id });
  });

  it('SIP_PICTURES=off: the diagnosis carries only its state', async () => {
    const off = await startDiscord({
      adapter: { pictures: loadConfig({ SIP_PICTURES: 'off' }).pictures },
    });
    try {
      const m = off.fake.userMessage({ content: raw });
      const post = await off.fake.waitForCall(
        (c) => c.method === 'POST' && c.path === `/channels/${m.id}/messages`,
        10_000,
      );
      expect(post.files.map((f) => f.name)).toEqual([STATE_FILE]);
      expect(JSON.stringify(post.body)).not.toContain('attachment://');
    } finally {
      await off.stop();
    }
  });
});

describe('Discord over the gateway: when things fail', () => {
  it('"Full JSON" of a message deleted since says the trace is gone', async () => {
    const m = h.fake.userMessage({ content: raw });
    const stored = await waitForMessage((x) => x.channel_id === m.id);
    h.fake.messages.delete(String(m.id));
    const c = click(h.fake, stored, `st:full-json:msg:${CHANNEL_ID}:${m.id}`, ALICE);
    const followUp = await h.fake.waitForCall(
      (call) => call.method === 'POST' && call.path === `/webhooks/${APP_ID}/${c.token}`,
      10_000,
    );
    expect(embedText(body(followUp))).toContain('gone');
    expect(followUp.files).toEqual([]);
  });

  it('a failing Discord API is told in one line in the channel, and the bot goes on', async () => {
    const m = h.fake.userMessage({ content: raw });
    h.fake.failNext('POST', new RegExp(`^/channels/${m.id}/messages$`), 500, {
      message: '500: Internal Server Error',
      code: 0,
    });
    const told = await h.fake.waitForCall(
      (c) =>
        c.path === `/channels/${CHANNEL_ID}/messages` &&
        JSON.stringify(c.body).includes('could not diagnose the message'),
      10_000,
    );
    expect((told.body as { content: string }).content).toMatch(/HTTP 500/);
    expect(body(told).message_reference).toMatchObject({ message_id: m.id });
    expect(body(told).allowed_mentions).toEqual({ parse: [] });
    // The next question is answered as usual.
    const i = h.fake.interaction({ type: 2, data: slashData('sip', { query: '503' }) });
    expect(embedText(body(await callbackOf(i)).data as Record<string, unknown>)).toContain('503');
  });

  it('a missing permission is told with what to give the bot, not "try again"', async () => {
    const m = h.fake.userMessage({ content: raw });
    h.fake.failNext('POST', new RegExp(`/messages/${m.id}/threads$`), 403, {
      message: 'Missing Permissions',
      code: 50013,
    });
    const told = await h.fake.waitForCall(
      (c) =>
        c.path === `/channels/${CHANNEL_ID}/messages` &&
        JSON.stringify(c.body).includes('error 50013'),
      10_000,
    );
    const content = (told.body as { content: string }).content;
    expect(content).toContain('Create Public Threads');
    expect(content).not.toContain('Try again');
  });

  it('a click on a checklist whose state file is gone gets an ephemeral explanation', async () => {
    const i = h.fake.interaction({ type: 2, data: slashData('sip', { query: '480' }) });
    await callbackOf(i);
    const reply = await waitForMessage((m) => m.interaction_id === i.id);
    // A message with toggles but no state file (deleted by a moderator, say).
    const c = click(h.fake, { ...reply, attachments: [] }, 'st:tick:code-480-1', ALICE);
    const followUp = await h.fake.waitForCall(
      (call) => call.method === 'POST' && call.path === `/webhooks/${APP_ID}/${c.token}`,
      10_000,
    );
    expect(embedText(body(followUp))).toContain('cannot be read any more');
    expect(((body(followUp).flags as number) ?? 0) & 64).toBe(64);
  });

  it('a file over the input limit is not downloaded, and the reply says why', async () => {
    const small = await startDiscord({ adapter: { limits: { maxInputBytes: 1_000 } } });
    try {
      const m = small.fake.userMessage({
        content: '',
        attachments: [{ filename: 'big.pcap', data: pcap }],
      });
      const post = await small.fake.waitForCall(
        (c) => c.method === 'POST' && c.path === `/channels/${m.id}/messages`,
        10_000,
      );
      expect(embedText(post.body as Record<string, unknown>)).toMatch(/limit/i);
      expect(small.fake.downloads).toEqual([]);
    } finally {
      await small.stop();
    }
  });
});
