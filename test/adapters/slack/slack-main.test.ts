import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Bot, freePort, startBot } from '../../support/bot-process.js';
import { BOT_TOKEN, FakeSlack, waitFor } from '../../support/slack/fake-slack.js';
import { escapeAsSlackDoes } from '../../support/slack/slack-escaping.js';
import { SlackSender } from '../../support/slack/slack-sender.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

let fake: FakeSlack;
let bot: Bot | undefined;
beforeEach(async () => {
  fake = new FakeSlack();
  await fake.start();
});
afterEach(async () => {
  if (bot && bot.child.exitCode === null) {
    bot.child.kill('SIGKILL');
    await bot.exit;
  }
  bot = undefined;
  await fake.stop();
});

describe('npm start with Slack configured', () => {
  it('serves /slack/events over HTTP and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    bot = startBot({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
    });
    const started = bot;
    await waitFor(
      () => (started.err().includes('slack adapter started') ? true : undefined),
      60_000,
      'the bot to start',
    );
    expect(started.err()).toContain('"mode":"http"');
    const sender = new SlackSender(`http://127.0.0.1:${port}/slack/events`, 's');
    const sent = await sender.slash('403', { responseUrl: fake.responseUrl() });
    expect(sent.status).toBe(200);
    const posted = await waitFor(() => fake.botMessages()[0], 20_000, 'the card');
    expect(posted.text).toMatch(/^403 Forbidden: /);
    started.child.kill('SIGTERM');
    expect(await started.exit).toBe(0);
    // The token never reaches the log.
    expect(started.err()).not.toContain(BOT_TOKEN);
  }, 90_000);

  it('a token Slack refuses: one line saying what to check, exit 1, nothing left running', async () => {
    fake.failNext('auth.test', 'invalid_auth');
    bot = startBot({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: fake.apiUrl,
      PORT: String(await freePort()),
    });
    // The worker threads had started: they stop too, or the process would stay up.
    expect(await bot.exit).toBe(1);
    expect(bot.err()).toContain(
      'sip-triage could not start: Slack refused the bot token (auth.test: invalid_auth): check SLACK_BOT_TOKEN',
    );
    expect(bot.err()).not.toContain('slack adapter started');
    expect(bot.err()).not.toMatch(/unexpected error|\n\s+at /);
  }, 90_000);

  it('connects over Socket Mode when SLACK_APP_TOKEN is set', async () => {
    bot = startBot({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: 'xapp-1-main',
      SLACK_API_URL: fake.apiUrl,
    });
    const started = bot;
    await waitFor(
      () => (started.err().includes('slack adapter started') ? true : undefined),
      60_000,
      'the bot to start',
    );
    expect(fake.called('apps.connections.open')[0]?.authorization).toBe('Bearer xapp-1-main');
    await fake.envelope('slash_commands', {
      team_id: 'T1',
      channel_id: 'C0INCIDENT',
      user_id: 'U0ALICE',
      user_name: 'alice',
      command: '/sip',
      text: 'q850 34',
      response_url: fake.responseUrl(),
    });
    const posted = await waitFor(() => fake.botMessages()[0], 20_000, 'the card');
    expect(posted.text).toMatch(/34/);
    started.child.kill('SIGTERM');
    expect(await started.exit).toBe(0);
  }, 90_000);

  it('a paste gets its pictures from the diagnosis worker; SIP_PICTURES=off sends none', async () => {
    const raw = readFileSync(`${root}test/fixtures/pastes/raw.txt`, 'utf8');
    for (const pictures of [undefined, 'off']) {
      const port = await freePort();
      bot = startBot({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: 's',
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        SIP_WORKERS: '1',
        ...(pictures !== undefined ? { SIP_PICTURES: pictures } : {}),
      });
      const started = bot;
      await waitFor(
        () => (started.err().includes('slack adapter started') ? true : undefined),
        60_000,
        'the bot to start',
      );
      const ts = `1733400000.00000${pictures === undefined ? 1 : 2}`;
      await new SlackSender(`http://127.0.0.1:${port}/slack/events`, 's').event({
        type: 'message',
        channel: 'C0INCIDENT',
        user: 'U0ALICE',
        text: escapeAsSlackDoes(raw),
        ts,
        event_ts: ts,
        channel_type: 'channel',
      });
      const card = await waitFor(
        () => fake.botMessages().find((m) => m.thread_ts === ts),
        20_000,
        'the card',
      );
      expect(card.text).toMatch(/486 Busy Here/);
      if (pictures === undefined) {
        const files = await waitFor(
          () => {
            const found = fake.uploads.filter((u) => u.thread_ts === ts);
            return found.length >= 2 ? found : undefined;
          },
          20_000,
          'the pictures',
        );
        expect(files.map((f) => [f.filename, f.title])).toEqual([
          ['call-flow.png', 'Call flow'],
          ['sip-triage-report.html', 'Open report'],
        ]);
        // The worker posted the card before it shared the pictures it drew.
        const posted = fake.called('chat.postMessage').find((c) => c.args.thread_ts === ts);
        const shared = fake
          .called('files.completeUploadExternal')
          .find((c) => c.args.thread_ts === ts);
        expect(shared?.at).toBeGreaterThan(posted?.at ?? Number.POSITIVE_INFINITY);
      }
      started.child.kill('SIGTERM');
      expect(await started.exit).toBe(0);
      if (pictures === 'off') {
        expect(fake.uploads.filter((u) => u.thread_ts === ts)).toEqual([]);
        expect(fake.called('files.getUploadURLExternal')).toHaveLength(2);
      }
      // Warming the renderer in the worker never shows up as a problem.
      expect(started.err()).not.toContain('pictures cannot be drawn');
    }
  }, 120_000);

  it('refuses a half-set Slack configuration, naming the variable and hiding the token', async () => {
    bot = startBot({ SLACK_BOT_TOKEN: BOT_TOKEN });
    expect(await bot.exit).toBe(2);
    expect(bot.err()).toMatch(/SLACK_APP_TOKEN=\(not set\): or SLACK_SIGNING_SECRET is needed/);
    bot = startBot({ SLACK_BOT_TOKEN: 'xoxp-a-user-token', SLACK_SIGNING_SECRET: 's' });
    expect(await bot.exit).toBe(2);
    expect(bot.err()).toContain('SLACK_BOT_TOKEN=(hidden): must be a bot token (xoxb-...)');
    expect(bot.err()).not.toContain('xoxp-a-user-token');
  }, 90_000);

  it('stops with exit code 3 and the problems when the knowledge base is invalid', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sip-triage-bad-kb-'));
    try {
      cpSync(join(root, 'knowledge'), dir, { recursive: true });
      writeFileSync(join(dir, 'codes', '486.md'), 'no front matter here\n');
      bot = startBot({
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: 's',
        SLACK_API_URL: fake.apiUrl,
        PORT: '0',
        KNOWLEDGE_DIR: dir,
      });
      expect(await bot.exit).toBe(3);
      expect(bot.err()).toContain('codes/486.md: front matter');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
