/**
 * Starting on Slack: the bot asks who it is (auth.test) and waits for the
 * answer, so a refused token or an unreachable Web API stops the start with
 * one sentence saying what to check, instead of an unhandled rejection from
 * Bolt's own unawaited auth.test ending a process that had looked started.
 */
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SlackAdapter, SlackStartError } from '../../../src/adapters/slack/slack-adapter.js';
import type { SlackConfig } from '../../../src/config.js';
import { createApp } from '../../../src/core/app/handle.js';
import { createLogger } from '../../../src/logger.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import { BOT_TOKEN, FakeSlack } from '../../support/slack/fake-slack.js';
import { SIGNING_SECRET } from '../../support/slack/slack-harness.js';

let fake: FakeSlack | undefined;
let adapter: SlackAdapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  await fake?.stop();
  adapter = undefined;
  fake = undefined;
});

function slackAt(apiUrl: string, logs: string[] = []): SlackAdapter {
  const config: SlackConfig = {
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl,
    response: 'in_channel',
    watch: 'all',
    port: 0,
  };
  adapter = new SlackAdapter({
    config,
    app: createApp({ kb: realKnowledge() }),
    logger: createLogger('debug', (line) => logs.push(line)),
    retries: 0,
    identifyRetryMs: [10],
  });
  return adapter;
}

/** A port on this machine that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('the Slack adapter starting', () => {
  it('knows who it is from auth.test before it serves', async () => {
    fake = new FakeSlack();
    await fake.start();
    await slackAt(fake.apiUrl).start();
    expect(fake.called('auth.test')).toHaveLength(1);
    expect(adapter?.httpServer?.listening).toBe(true);
  });

  it('a refused token stops the start at once, saying which setting to check', async () => {
    fake = new FakeSlack();
    await fake.start();
    fake.failNext('auth.test', 'invalid_auth');
    const start = slackAt(fake.apiUrl).start();
    await expect(start).rejects.toBeInstanceOf(SlackStartError);
    await expect(start).rejects.toThrow(
      /refused the bot token \(auth\.test: invalid_auth\).*SLACK_BOT_TOKEN/,
    );
    expect(fake.called('auth.test')).toHaveLength(1);
  });

  it('an HTTP error without a Slack error code (a 503 from a proxy) is tried again, not taken as a refused token', async () => {
    let asked = 0;
    const api = createHttpServer((_req, res) => {
      asked++;
      if (asked === 1) {
        res.writeHead(503, { 'content-type': 'text/html' });
        res.end('<html>upstream unavailable</html>');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, user_id: 'UBOT', bot_id: 'BBOT' }));
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', () => resolve()));
    try {
      const address = api.address();
      if (address === null || typeof address === 'string') throw new Error('no port');
      const logs: string[] = [];
      await slackAt(`http://127.0.0.1:${address.port}/api/`, logs).start();
      expect(asked).toBe(2);
      expect(logs.filter((l) => l.includes('auth.test failed, trying again'))).toHaveLength(1);
    } finally {
      await adapter?.stop();
      adapter = undefined;
      api.closeAllConnections();
      await new Promise<void>((resolve) => api.close(() => resolve()));
    }
  });

  it('an unreachable Web API is tried again once, then stops the start naming the URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/api/`;
    const logs: string[] = [];
    const start = slackAt(url, logs).start();
    await expect(start).rejects.toThrow(
      new RegExp(
        `Web API at ${url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} could not be reached or did not answer .*SLACK_API_URL`,
      ),
    );
    expect(logs.filter((l) => l.includes('auth.test failed, trying again'))).toHaveLength(1);
    expect(adapter?.httpServer).toBeUndefined();
  });
});
