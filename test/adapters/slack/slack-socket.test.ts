/**
 * The Slack adapter in Socket Mode: the real Bolt SocketModeReceiver opens
 * its connection through the fake's apps.connections.open, then a slash
 * command and a message event travel over the local WebSocket as envelopes
 * and come back acknowledged, with the answers posted through the Web API.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../support/slack/fake-slack.js';
import { escapeAsSlackDoes } from '../../support/slack/slack-escaping.js';
import { type Harness, startSlack } from '../../support/slack/slack-harness.js';

const raw = readFileSync(
  fileURLToPath(new URL('../../fixtures/pastes/raw.txt', import.meta.url)),
  'utf8',
);

let h: Harness;
beforeAll(async () => {
  h = await startSlack({ appToken: 'xapp-1-test', signingSecret: undefined });
});
afterAll(async () => {
  await h?.stop();
});

describe('Slack over Socket Mode', () => {
  it('connects with the app token, not the bot token', () => {
    expect(h.adapter.mode).toBe('socket');
    expect(h.adapter.httpServer).toBeUndefined();
    const open = h.fake.called('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]?.authorization).toBe('Bearer xapp-1-test');
  });

  it('a slash command round trip: acked envelope, card posted', async () => {
    const ack = await h.fake.envelope('slash_commands', {
      token: 'legacy-verification-token',
      team_id: 'T1',
      channel_id: 'C0INCIDENT',
      user_id: 'U0ALICE',
      user_name: 'alice',
      command: '/sip',
      text: '488',
      api_app_id: 'A1',
      response_url: h.fake.responseUrl(),
      trigger_id: 'trigger-socket',
    });
    expect(ack.envelope_id).toMatch(/^env-/);
    const posted = await waitFor(() => h.fake.botMessages()[0], 10_000);
    expect(posted.text).toMatch(/^488 Not Acceptable Here: /);
  });

  it('a message event round trip: acked envelope, diagnosis in the thread', async () => {
    const paste = h.fake.addMessage({
      channel: 'C0INCIDENT',
      user: 'U0ALICE',
      text: escapeAsSlackDoes(raw),
    });
    const ack = await h.fake.envelope('events_api', {
      token: 'legacy-verification-token',
      team_id: 'T1',
      api_app_id: 'A1',
      type: 'event_callback',
      event_id: 'Ev0SOCKET1',
      event_time: Math.floor(Date.now() / 1000),
      event: {
        type: 'message',
        channel: paste.channel,
        user: paste.user,
        text: paste.text,
        ts: paste.ts,
        channel_type: 'channel',
      },
    });
    expect(ack.envelope_id).toMatch(/^env-/);
    const reply = await waitFor(
      () => h.fake.botMessages().find((m) => m.thread_ts === paste.ts),
      10_000,
    );
    expect(reply.text).toMatch(/failed: 486 Busy Here/);
  });
});
