import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bot, freePort, startBot } from '../../support/bot-process.js';
import { embedText, signedHeaders, slashData } from '../../support/discord/discord-harness.js';
import {
  APP_ID,
  DISCORD_TOKEN,
  FakeDiscord,
  type RestCall,
  waitFor,
} from '../../support/discord/fake-discord.js';
import { BOT_TOKEN, FakeSlack } from '../../support/slack/fake-slack.js';
import { waitForAsync } from '../../support/wait-for.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

let fake: FakeDiscord | undefined;
let slack: FakeSlack | undefined;
let bot: Bot | undefined;
afterEach(async () => {
  if (bot && bot.child.exitCode === null) {
    bot.child.kill('SIGTERM');
    await bot.exit;
  }
  bot = undefined;
  await fake?.stop();
  fake = undefined;
  await slack?.stop();
  slack = undefined;
});

async function askFor403(f: FakeDiscord): Promise<RestCall> {
  const i = f.interaction({ type: 2, data: slashData('sip', { query: '403' }) });
  return f.waitForCall(
    (c) => c.method === 'POST' && c.path === `/interactions/${i.id}/${i.token}/callback`,
    15_000,
  );
}

describe('npm start with Discord configured', () => {
  it('logs in to the gateway and answers /sip 403 with an embed', async () => {
    fake = await FakeDiscord.start();
    bot = startBot({
      DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: fake.apiUrl,
      SIP_WORKERS: '1',
    });
    await fake.waitForReady(1, 30_000);
    const call = await askFor403(fake);
    const body = call.body as { type: number; data: Record<string, unknown> };
    expect(body.type).toBe(4);
    expect(embedText(body.data)).toContain('403 Forbidden');
    bot.child.kill('SIGTERM');
    expect(await bot.exit).toBe(0);
    expect(bot.err()).toContain('discord adapter started');
  }, 60_000);

  it('a token Discord refuses: one line saying what to check, exit 1, nothing left running', async () => {
    fake = await FakeDiscord.start();
    bot = startBot({
      DISCORD_TOKEN: 'not-the-bot-token',
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: fake.apiUrl,
      SIP_WORKERS: '1',
    });
    // The worker thread and the half-logged-in client stop too, or the process would stay up.
    expect(await bot.exit).toBe(1);
    expect(bot.err()).toContain('sip-triage could not start: Discord refused the bot token');
    expect(bot.err()).toContain('check DISCORD_TOKEN');
    expect(bot.err()).not.toContain('not-the-bot-token');
    expect(bot.err()).not.toMatch(/unexpected error|\n\s+at /);
  }, 60_000);

  it('a half-set Discord stops at once, naming the variable', async () => {
    bot = startBot({ DISCORD_TOKEN: 'secret-value-1' });
    expect(await bot.exit).toBe(2);
    expect(bot.err()).toContain('DISCORD_APPLICATION_ID');
    expect(bot.err()).not.toContain('secret-value-1');
  }, 30_000);

  it('DISCORD_SHARDS=2 runs two shard processes, each identifying as its shard', async () => {
    fake = await FakeDiscord.start({ shards: 2, maxConcurrency: 2 });
    const keys = generateKeyPairSync('ed25519');
    const port = await freePort();
    bot = startBot({
      DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_SHARDS: '2',
      // One HTTP endpoint (shard 0's), not one per shard fighting for the port.
      DISCORD_PUBLIC_KEY: keys.publicKey
        .export({ format: 'der', type: 'spki' })
        .subarray(-32)
        .toString('hex'),
      DISCORD_PORT: String(port),
      SIP_WORKERS: '0',
    });
    await fake.waitForReady(2, 60_000);
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    // The guild lives on one shard; its process answers.
    const call = await askFor403(fake);
    expect((call.body as { type: number }).type).toBe(4);
    const ping = JSON.stringify({
      id: '1',
      type: 1,
      application_id: APP_ID,
      token: 't',
      version: 1,
    });
    // Shard 0 opens the endpoint just after its client is ready.
    const pong = await waitForAsync(
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/discord/interactions`, {
          method: 'POST',
          headers: signedHeaders(keys.privateKey, ping, String(Math.floor(Date.now() / 1000))),
          body: ping,
        }).catch(() => undefined);
        return response?.ok ? ((await response.json()) as unknown) : undefined;
      },
      15_000,
      "shard 0's HTTP endpoint",
      100,
    );
    expect(pong).toEqual({ type: 1 });
    bot.child.kill('SIGTERM');
    expect(await bot.exit).toBe(0);
    expect(bot.err().match(/discord shard started/g)?.length).toBe(2);
    expect(bot.err()).not.toContain('EADDRINUSE');
  }, 90_000);

  it('runs beside Slack in one process: both answer, and Discord still uploads files', async () => {
    fake = await FakeDiscord.start();
    slack = new FakeSlack();
    await slack.start();
    bot = startBot({
      DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: fake.apiUrl,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: 'xapp-1-both',
      SLACK_API_URL: slack.apiUrl,
      SIP_WORKERS: '1',
    });
    const started = bot;
    await fake.waitForReady(1, 60_000);
    const f = fake;
    await waitFor(
      () => (started.err().includes('slack adapter started') ? true : undefined),
      60_000,
      'Slack',
    );
    // A pasted trace, diagnosed in the worker: its card goes with the checklist state, then the
    // call flow and the report drawn there reach this thread and are edited in (multipart uploads).
    const paste = readFileSync(`${root}test/fixtures/pastes/raw.txt`, 'utf8');
    const m = f.userMessage({ content: paste });
    const posted = await waitFor(
      () =>
        [...f.messages.values()].find((x) => x.channel_id === m.id && x.attachments.length === 3),
      20_000,
      'the diagnosis in the thread, with its pictures',
    );
    expect(posted.attachments.map((a) => a.filename)).toEqual([
      'sip-triage-state.txt',
      'call-flow.png',
      'sip-triage-report.html',
    ]);
    const [card] = f.called('POST', new RegExp(`^/channels/${m.id}/messages$`));
    const [edit] = f.called('PATCH', new RegExp(`^/channels/${m.id}/messages/${posted.id}$`));
    expect(card?.files.map((x) => x.name)).toEqual(['sip-triage-state.txt']);
    expect(edit?.files.map((x) => x.name)).toEqual(['call-flow.png', 'sip-triage-report.html']);
    expect(edit?.at).toBeGreaterThan(card?.at ?? Number.POSITIVE_INFINITY);
    const s = slack;
    await s.envelope('slash_commands', {
      team_id: 'T1',
      channel_id: 'C0INCIDENT',
      user_id: 'U0ALICE',
      user_name: 'alice',
      command: '/sip',
      text: '486',
      response_url: s.responseUrl(),
    });
    expect((await waitFor(() => s.botMessages()[0], 20_000, 'the Slack card')).text).toMatch(/486/);
    started.child.kill('SIGTERM');
    expect(await started.exit).toBe(0);
  }, 90_000);
});
