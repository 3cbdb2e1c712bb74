/**
 * The Slack adapter end to end: the real Bolt app on its HTTP receiver,
 * signed requests over real HTTP, and a local fake of Slack's Web API that
 * records what the bot posts, serves shared files and takes uploads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unescapeSlack } from '../../../src/adapters/slack/slack-text.js';
import { loadConfig } from '../../../src/config.js';
import { createApp } from '../../../src/core/app/handle.js';
import { decodeChecklist } from '../../../src/core/checklist/checklist-codec.js';
import { realFixturesDir } from '../../fixtures/real/load.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import { runCaptured } from '../../helpers/run-cli.js';
import {
  BOT_TOKEN,
  type StoredMessage,
  type Upload,
  waitFor,
} from '../../support/slack/fake-slack.js';
import { escapeAsSlackDoes } from '../../support/slack/slack-escaping.js';
import {
  blockText,
  buttonClick,
  checkboxClick,
  type Harness,
  SIGNING_SECRET,
  startSlack,
} from '../../support/slack/slack-harness.js';

const pastes = fileURLToPath(new URL('../../fixtures/pastes/', import.meta.url));
const pasteFiles = readdirSync(pastes).filter((f) => !/^(README\.md|expected\.json|\..*)$/.test(f));
const raw = readFileSync(`${pastes}raw.txt`, 'utf8');

const bob = { id: 'U0BOB', name: 'bob' };
const carol = { id: 'U0CAROL', name: 'carol' };

let h: Harness;
beforeAll(async () => {
  h = await startSlack();
});
afterAll(async () => {
  await h?.stop();
});

/** A person's message in #incident, as the fake stores it and Slack sends it in an event. */
function channelMessage(text: string, extra: Partial<StoredMessage> = {}): StoredMessage {
  return h.fake.addMessage({ channel: 'C0INCIDENT', user: 'U0ALICE', text, ...extra });
}

function messageEvent(m: StoredMessage, extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    channel: m.channel,
    user: m.user,
    text: m.text,
    ts: m.ts,
    ...(m.files ? { files: m.files, subtype: 'file_share' } : {}),
    event_ts: m.ts,
    channel_type: 'channel',
    ...extra,
  };
}

/** The bot's messages in the thread on `ts`, once `count` are there. */
async function threadReplies(ts: string, count = 1): Promise<StoredMessage[]> {
  return waitFor(
    () => {
      const found = h.fake.botMessages().filter((m) => m.thread_ts === ts);
      return found.length >= count ? found : undefined;
    },
    10_000,
    `${count} bot replies in thread ${ts}`,
  );
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function header(m: StoredMessage | undefined): string {
  const block = (m?.blocks as { type: string; text?: { text: string } }[] | undefined)?.find(
    (b) => b.type === 'header',
  );
  return block?.text?.text ?? '';
}

describe('Slack over HTTP: slash commands', () => {
  it('/sip 403 is acknowledged at once and the card is posted in the channel', async () => {
    const before = h.fake.botMessages().length;
    const sent = await h.sender.slash('403', { responseUrl: h.fake.responseUrl() });
    expect(sent.status).toBe(200);
    const posted = await waitFor(() => h.fake.botMessages()[before]);
    expect(posted.channel).toBe('C0INCIDENT');
    expect(posted.thread_ts).toBeUndefined();
    expect(header(posted)).toBe('403 Forbidden');
    expect(posted.text).toMatch(/^403 Forbidden: /);
    const call = h.fake.called('chat.postMessage').at(-1);
    expect(call?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    // Nothing that would turn echoed text into live mentions or links.
    expect(call?.args).not.toHaveProperty('link_names');
    expect(call?.args).not.toHaveProperty('parse');
    expect(call?.args.unfurl_links).toBe(false);
    expect(blockText(posted)).toContain('Post checklist');
  });

  it('/sip help answers only the person who asked', async () => {
    const before = h.fake.botMessages().length;
    const url = h.fake.responseUrl();
    await h.sender.slash('help', { responseUrl: url });
    const id = url.split('/').pop();
    const answer = await waitFor(() => h.fake.responses.find((r) => r.id === id));
    expect(answer.body.response_type).toBe('ephemeral');
    expect(blockText(answer.body as { blocks: unknown[] })).toContain('/sip');
    expect(h.fake.botMessages().length).toBe(before);
  });

  it('/sip followed by a pasted trace diagnoses it, as the CLI does', async () => {
    const before = h.fake.botMessages().length;
    await h.sender.slash(escapeAsSlackDoes(raw), { responseUrl: h.fake.responseUrl() });
    const posted = await waitFor(() => h.fake.botMessages()[before], 10_000);
    const cli = await runCaptured([
      'diagnose',
      `${pastes}raw.txt`,
      '--format',
      'json',
      '--hide-numbers',
      '--hide-addresses',
    ]);
    const headline = (JSON.parse(cli.out) as { headline: string }).headline;
    expect(headline).toMatch(/failed: 486 Busy Here/);
    expect(header(posted)).toBe(headline.slice(0, 150));
    // Chat hides addresses by default.
    expect(blockText(posted)).not.toContain('192.0.2.10');
  });

  it('falls back to the response_url where the bot is not a member', async () => {
    h.fake.failNext('chat.postMessage', 'not_in_channel');
    const url = h.fake.responseUrl();
    await h.sender.slash('486', { responseUrl: url, channel: 'C0ELSEWHERE' });
    const id = url.split('/').pop();
    const answer = await waitFor(() => h.fake.responses.find((r) => r.id === id));
    expect(answer.body.response_type).toBe('in_channel');
    expect(blockText(answer.body as { blocks: unknown[] })).toContain('486 Busy Here');
  });

  it('tells the person, in one line, when Slack refuses the answer', async () => {
    h.fake.failNext('chat.postMessage', 'msg_too_long');
    const url = h.fake.responseUrl();
    await h.sender.slash('503', { responseUrl: url });
    const id = url.split('/').pop();
    const answer = await waitFor(() => h.fake.responses.find((r) => r.id === id));
    expect(answer.body.response_type).toBe('ephemeral');
    expect(String(answer.body.text)).toMatch(
      /could not answer \/sip because Slack answered "msg_too_long"/,
    );
    expect(h.logs.some((l) => l.includes('"level":"error"') && l.includes('msg_too_long'))).toBe(
      true,
    );
  });

  it("says the failure was not Slack's when Slack cannot even be reached", async () => {
    // The Web API points at a closed port; the response_url (on the fake) still works.
    const closed = await startSlack(
      { apiUrl: 'http://127.0.0.1:9/api/' },
      {},
      { botUserId: 'UBOT', botId: 'BBOT' },
    );
    try {
      const url = closed.fake.responseUrl();
      await closed.sender.slash('403', { responseUrl: url });
      const id = url.split('/').pop();
      const answer = await waitFor(() => closed.fake.responses.find((r) => r.id === id));
      expect(answer.body.response_type).toBe('ephemeral');
      expect(String(answer.body.text)).toMatch(
        /could not answer \/sip because of an error in the bot or on its way to Slack\. Try again/,
      );
    } finally {
      await closed.stop();
    }
  });

  it('never echoes a live mention or link from what a person typed', async () => {
    const before = h.fake.botMessages().length;
    const url = h.fake.responseUrl();
    // As Slack delivers it: the person typed <!channel> and a link, Slack escaped/tokenised them.
    await h.sender.slash('<!channel> <@U0BOB> <http://evil.example|totally-safe> forbiden', {
      responseUrl: url,
    });
    const answer = await waitFor(
      () =>
        h.fake.botMessages()[before] ??
        h.fake.responses.find((r) => r.id === url.split('/').pop())?.body,
    );
    const json = JSON.stringify((answer as { blocks?: unknown }).blocks);
    expect(json).not.toMatch(/<!channel>|<@U0BOB>|<http:\/\/evil/);
  });
});

describe('Slack over HTTP: signatures', () => {
  const event = {
    type: 'message',
    channel: 'C0INCIDENT',
    user: 'U0ALICE',
    text: 'hi',
    ts: '1.000001',
  };

  it('rejects unsigned, wrongly signed and stale requests with 401', async () => {
    expect((await h.sender.event(event, { unsigned: true })).status).toBe(401);
    expect((await h.sender.event(event, { secret: 'not-the-secret' })).status).toBe(401);
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await h.sender.event(event, { timestamp: stale })).status).toBe(401);
    expect(
      (
        await h.sender.slash(
          '403',
          { responseUrl: h.fake.responseUrl() },
          { secret: SIGNING_SECRET.toUpperCase() },
        )
      ).status,
    ).toBe(401);
  });

  it('answers a health check', async () => {
    const address = h.adapter.httpServer?.address() as { port: number };
    const url = new URL('/healthz', `http://127.0.0.1:${address.port}`);
    const res = await fetch(url);
    expect(res.status).toBe(200);
  });
});

describe('Slack over HTTP: pastes and files in channels', () => {
  it('every committed paste fixture, escaped as Slack escapes it, reads back byte for byte', () => {
    for (const file of pasteFiles) {
      const text = readFileSync(`${pastes}${file}`, 'utf8');
      expect(unescapeSlack(escapeAsSlackDoes(text)), file).toBe(text);
    }
  });

  it('every paste fixture pasted in a channel gets the verdict the raw text gets, in a thread', async () => {
    const core = createApp({ kb: realKnowledge() });
    for (const file of pasteFiles) {
      const text = readFileSync(`${pastes}${file}`, 'utf8');
      const direct = await core.handle({
        type: 'message',
        text,
        origin: { platform: 'slack', user: { id: 'U0ALICE' }, conversation: 'C0INCIDENT' },
      });
      const expected = direct.messages[0]?.card.title;
      expect(expected, file).toBeDefined();
      const m = channelMessage(escapeAsSlackDoes(text));
      const sent = await h.sender.event(messageEvent(m));
      expect(sent.status).toBe(200);
      const [reply] = await threadReplies(m.ts);
      expect(header(reply), file).toBe(expected?.replace(/\*\*|`/g, '').slice(0, 150));
    }
  });

  it('ignores chatter, edits, bot messages and its own posts', async () => {
    const before = h.fake.botMessages().length;
    const chatter = channelMessage('anyone seeing 503s from the carrier?');
    await h.sender.event(messageEvent(chatter));
    const edit = channelMessage(raw);
    await h.sender.event(messageEvent(edit, { subtype: 'message_changed' }));
    const alert = channelMessage(raw);
    await h.sender.event(messageEvent(alert, { bot_id: 'B0ALERTS', subtype: 'bot_message' }));
    const own = channelMessage(raw);
    await h.sender.event(messageEvent(own, { user: 'UBOT', bot_id: 'BBOT' }));
    // A paste after them is answered, so the ones before had their chance.
    const later = channelMessage(raw);
    await h.sender.event(messageEvent(later));
    await threadReplies(later.ts);
    expect(h.fake.botMessages().length).toBe(before + 1);
  });

  it('answers a retried event once', async () => {
    const m = channelMessage(raw);
    const first = await h.sender.event(messageEvent(m));
    await threadReplies(m.ts);
    const again = await h.sender.event(messageEvent(m), {
      eventId: first.eventId,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(again.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    await h.adapter.idle();
    expect(h.fake.botMessages().filter((b) => b.thread_ts === m.ts)).toHaveLength(1);
  });

  it('downloads a shared pcap with the bot token and diagnoses it in the thread', async () => {
    const pcap = readFileSync(`${realFixturesDir}kamailio-call-failures.pcap`);
    const file = h.fake.addFile('edge-proxy.pcap', pcap, 'application/vnd.tcpdump.pcap');
    const m = channelMessage('calls failing since 10:00, capture attached', { files: [file] });
    await h.sender.event(messageEvent(m));
    const [reply] = await threadReplies(m.ts);
    expect(header(reply)).toMatch(/^INVITE .* failed: 404 Not Found/);
    expect(h.fake.called('files.info')).toEqual([]);
  });

  it('turns a shared file over the input limit away with a clear reply', async () => {
    const small = await startSlack({}, {});
    try {
      const adapterLimit = 64 * 1024 * 1024;
      const file = small.fake.addFile('huge.pcap', Buffer.alloc(16));
      const m = small.fake.addMessage({
        channel: 'C0INCIDENT',
        user: 'U0ALICE',
        text: 'capture',
        files: [{ ...file, size: adapterLimit + 1 }],
      });
      await small.sender.event({
        type: 'message',
        subtype: 'file_share',
        channel: m.channel,
        user: m.user,
        text: m.text,
        ts: m.ts,
        files: m.files,
      });
      const reply = await waitFor(() => small.fake.botMessages().find((b) => b.thread_ts === m.ts));
      expect(header(reply)).toBe('huge.pcap is too large');
      expect(blockText(reply)).toMatch(/the limit is 64 MB \(SIP_MAX_INPUT_BYTES\)/);
    } finally {
      await small.stop();
    }
  });

  it('the "Diagnose SIP trace" shortcut diagnoses any message, another bot\'s alert included', async () => {
    const alert = channelMessage(escapeAsSlackDoes(raw), { bot_id: 'B0ALERTS', user: undefined });
    const sent = await h.sender.interactive({
      type: 'message_action',
      callback_id: 'diagnose_sip_trace',
      token: 'legacy-verification-token',
      trigger_id: 'trigger-shortcut',
      response_url: h.fake.responseUrl(),
      team: { id: 'T1', domain: 'voip-oncall' },
      channel: { id: alert.channel, name: 'incident' },
      user: { id: 'U0ALICE', name: 'alice' },
      message_ts: alert.ts,
      message: { type: 'message', bot_id: 'B0ALERTS', text: alert.text, ts: alert.ts },
    });
    expect(sent.status).toBe(200);
    const [reply] = await threadReplies(alert.ts);
    expect(header(reply)).toMatch(/failed: 486 Busy Here/);
  });
});

describe('Slack over HTTP: checklists and the full JSON', () => {
  async function diagnosisInThread(): Promise<{ paste: StoredMessage; card: StoredMessage }> {
    const paste = channelMessage(escapeAsSlackDoes(raw));
    await h.sender.event(messageEvent(paste));
    const [card] = await threadReplies(paste.ts);
    return { paste, card: card as StoredMessage };
  }

  it('posts the checklist; two people ticking at the same moment both stay ticked', async () => {
    const { paste, card } = await diagnosisInThread();
    await h.sender.interactive(
      buttonClick(card, bob, 'sip-triage:post-checklist', h.fake.responseUrl()),
    );
    const [, list] = await threadReplies(paste.ts, 2);
    const checklist = list as StoredMessage;
    const state = decodeChecklist(String(checklist.metadata?.event_payload.state));
    expect(state?.items.length).toBeGreaterThanOrEqual(3);
    expect(blockText(checklist)).toContain(`0/${state?.items.length} done.`);
    const [first, second] = state?.items ?? [];
    // Both clicks start from the message as it was before either landed.
    const seen = structuredClone(checklist);
    await Promise.all([
      h.sender.interactive(checkboxClick(seen, bob, first?.id as string, h.fake.responseUrl())),
      h.sender.interactive(checkboxClick(seen, carol, second?.id as string, h.fake.responseUrl())),
    ]);
    await waitFor(() => (checklist.edits >= 2 ? true : undefined));
    await h.adapter.idle();
    const text = blockText(checklist);
    expect(text).toContain(`2/${state?.items.length} done.`);
    expect(text).toMatch(/ticked by bob at \d\d:\d\d UTC/);
    expect(text).toMatch(/ticked by carol at \d\d:\d\d UTC/);
    // The state in the message holds both ticks: a restarted bot reads it back from there.
    const after = decodeChecklist(String(checklist.metadata?.event_payload.state));
    expect(after?.events.map((e) => e.user).sort()).toEqual(['U0BOB', 'U0CAROL']);
    // Unticking from the updated message goes back to one.
    await h.sender.interactive(
      checkboxClick(checklist, bob, first?.id as string, h.fake.responseUrl()),
    );
    await waitFor(() => (checklist.edits >= 3 ? true : undefined));
    expect(blockText(checklist)).toContain(`1/${state?.items.length} done.`);
    expect(h.errors).toEqual([]);
  });

  it('"Full JSON" uploads the diagnosis as a file in the thread', async () => {
    const { paste, card } = await diagnosisInThread();
    const uploads = h.fake.uploads.length;
    await h.sender.interactive(
      buttonClick(card, bob, 'sip-triage:full-json', h.fake.responseUrl()),
    );
    const upload = await waitFor(
      () => h.fake.uploads.slice(uploads).find((u) => u.filename === 'diagnosis.json'),
      10_000,
    );
    expect(upload.thread_ts).toBe(paste.ts);
    const json = JSON.parse(upload.content.toString('utf8')) as { headline: string };
    expect(json.headline).toMatch(/failed: 486 Busy Here/);
  });

  it('"Full JSON" of a /sip paste reads the text this process kept', async () => {
    const before = h.fake.botMessages().length;
    await h.sender.slash(escapeAsSlackDoes(raw), { responseUrl: h.fake.responseUrl() });
    const card = await waitFor(() => h.fake.botMessages()[before], 10_000);
    const uploads = h.fake.uploads.length;
    await h.sender.interactive(
      buttonClick(card, bob, 'sip-triage:full-json', h.fake.responseUrl()),
    );
    const upload = await waitFor(
      () => h.fake.uploads.slice(uploads).find((u) => u.filename === 'diagnosis.json'),
      10_000,
    );
    expect(upload.thread_ts).toBe(card.ts);
    expect(JSON.parse(upload.content.toString('utf8')).headline).toMatch(/486 Busy Here/);
  });
});

describe('Slack over HTTP: the pictures of a diagnosis', () => {
  /** The files shared in the thread on `ts`, once `count` are there. */
  function uploadsIn(ts: string, count = 2): Promise<Upload[]> {
    return waitFor(
      () => {
        const found = h.fake.uploads.filter((u) => u.thread_ts === ts);
        return found.length >= count ? found : undefined;
      },
      10_000,
      `${count} files in thread ${ts}`,
    );
  }

  it('a pasted trace gets its card, then the call flow and the report in one message under it', async () => {
    const m = channelMessage(escapeAsSlackDoes(raw));
    await h.sender.event(messageEvent(m));
    const [card] = await threadReplies(m.ts);
    const files = await uploadsIn(m.ts);
    expect(files.map((f) => [f.filename, f.title, f.channel])).toEqual([
      ['call-flow.png', 'Call flow', 'C0INCIDENT'],
      ['sip-triage-report.html', 'Open report', 'C0INCIDENT'],
    ]);
    // One share: one message holding both, posted after the card.
    expect(files[0]?.share).toBe(files[1]?.share);
    const shared = h.fake
      .called('files.completeUploadExternal')
      .find((c) => c.args.thread_ts === m.ts);
    const posted = h.fake.called('chat.postMessage').find((c) => c.args.thread_ts === m.ts);
    expect(shared?.at).toBeGreaterThan(posted?.at ?? Number.POSITIVE_INFINITY);

    const [png, html] = files;
    expect(png?.altText).toBe('Call flow');
    const image = PNG.sync.read(png?.content ?? Buffer.alloc(0));
    expect(image.width).toBeGreaterThanOrEqual(560);
    expect(image.width).toBeLessThanOrEqual(960);
    expect(image.height).toBeGreaterThan(100);

    const report = html?.content.toString('utf8') ?? '';
    expect(report).toMatch(/^<!doctype html>/i);
    expect(report).toContain(escapeHtml(header(card)));
    // Chat pseudonymises addresses: none of the trace's own is in the report.
    const addresses = [...new Set(raw.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? [])];
    expect(addresses.length).toBeGreaterThan(1);
    for (const address of addresses) expect(report).not.toContain(address);
  });

  it('/sip with a pasted trace puts the pictures in a thread on its card', async () => {
    const before = h.fake.botMessages().length;
    await h.sender.slash(escapeAsSlackDoes(raw), { responseUrl: h.fake.responseUrl() });
    const card = await waitFor(() => h.fake.botMessages()[before], 10_000);
    expect(card.thread_ts).toBeUndefined();
    const files = await uploadsIn(card.ts);
    expect(files.map((f) => f.filename)).toEqual(['call-flow.png', 'sip-triage-report.html']);
  });

  it('SIP_PICTURES=off: the diagnosis comes without files', async () => {
    const config = loadConfig({ SIP_PICTURES: 'off' });
    expect(config.pictures).toEqual([]);
    const off = await startSlack({}, {}, { pictures: config.pictures });
    try {
      const m = off.fake.addMessage({
        channel: 'C0INCIDENT',
        user: 'U0ALICE',
        text: escapeAsSlackDoes(raw),
      });
      await off.sender.event(messageEvent(m));
      const reply = await waitFor(() => off.fake.botMessages().find((b) => b.thread_ts === m.ts));
      expect(header(reply)).toMatch(/failed: 486 Busy Here/);
      await off.adapter.idle();
      expect(off.fake.uploads).toEqual([]);
      expect(off.fake.called('files.getUploadURLExternal')).toEqual([]);
    } finally {
      await off.stop();
    }
  });

  it('SIP_PICTURES=html: only the report', async () => {
    const only = await startSlack(
      {},
      {},
      { pictures: loadConfig({ SIP_PICTURES: 'html' }).pictures },
    );
    try {
      const m = only.fake.addMessage({ channel: 'C0INCIDENT', user: 'U0ALICE', text: raw });
      await only.sender.event(messageEvent(m));
      await waitFor(() => only.fake.uploads[0], 10_000);
      await only.adapter.idle();
      expect(only.fake.uploads.map((u) => u.filename)).toEqual(['sip-triage-report.html']);
    } finally {
      await only.stop();
    }
  });

  it('an upload Slack refuses leaves the card, logs it, and says so in the thread', async () => {
    h.fake.failNext('files.completeUploadExternal', 'not_in_channel');
    const m = channelMessage(escapeAsSlackDoes(raw));
    await h.sender.event(messageEvent(m));
    const [card, note] = await threadReplies(m.ts, 2);
    expect(header(card)).toMatch(/failed: 486 Busy Here/);
    expect(note?.text).toBe(
      'sip-triage could not attach call-flow.png, sip-triage-report.html to the answer above because Slack answered "not_in_channel"; the bot\'s log has the details.',
    );
    expect(h.fake.uploads.filter((u) => u.thread_ts === m.ts)).toEqual([]);
    const warning = h.logs.find((l) => l.includes('could not share the files'));
    expect(warning).toContain('"level":"warn"');
    expect(warning).toContain('not_in_channel');
    expect(h.errors).toEqual([]);
  });

  it('an upload that fails on its way (HTTP 500) is told the same way', async () => {
    h.fake.failUploadNext(500);
    const m = channelMessage(escapeAsSlackDoes(raw));
    await h.sender.event(messageEvent(m));
    const [card, note] = await threadReplies(m.ts, 2);
    expect(header(card)).toMatch(/failed: 486 Busy Here/);
    expect(note?.text).toContain('because Slack answered "http_500"');
    // Nothing is shared half-way.
    await h.adapter.idle();
    expect(h.fake.uploads.filter((u) => u.thread_ts === m.ts)).toEqual([]);
  });
});

describe('Slack over HTTP: SLACK_WATCH=mention', () => {
  it('answers a paste only when it mentions the bot, and reads the paste without the mention', async () => {
    const mention = await startSlack({ watch: 'mention' });
    try {
      const plain = mention.fake.addMessage({
        channel: 'C0INCIDENT',
        user: 'U0ALICE',
        text: escapeAsSlackDoes(raw),
      });
      await mention.sender.event(messageEvent(plain));
      const asked = mention.fake.addMessage({
        channel: 'C0INCIDENT',
        user: 'U0ALICE',
        text: `<@UBOT> what is this?\n${escapeAsSlackDoes(raw)}`,
      });
      await mention.sender.event(messageEvent(asked));
      const reply = await waitFor(
        () => mention.fake.botMessages().find((m) => m.thread_ts === asked.ts),
        10_000,
      );
      expect(header(reply)).toMatch(/failed: 486 Busy Here/);
      await mention.adapter.idle();
      expect(mention.fake.botMessages().filter((m) => m.thread_ts === plain.ts)).toEqual([]);
    } finally {
      await mention.stop();
    }
  });
});
