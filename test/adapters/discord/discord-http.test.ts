/**
 * Discord's HTTP interactions endpoint, served by the real adapter: signed
 * requests are answered by the same handlers as the gateway's, PING gets
 * PONG, and anything unsigned, wrongly signed or signed for another body
 * gets 401 before it is read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customIds,
  type DiscordHarness,
  embedText,
  slashData,
  startDiscord,
} from '../../support/discord/discord-harness.js';
import { APP_ID, CHANNEL_ID, GUILD_ID } from '../../support/discord/fake-discord.js';

let h: DiscordHarness;
beforeAll(async () => {
  h = await startDiscord({ http: true });
});
afterAll(async () => {
  await h?.stop();
});

let next = 1;
function interaction(partial: Record<string, unknown>): Record<string, unknown> {
  return {
    id: `60000000000000${String(next++).padStart(4, '0')}`,
    application_id: APP_ID,
    token: `http-token-${next}`,
    version: 1,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID },
    member: {
      user: { id: '200000000000000001', username: 'alice', discriminator: '0' },
      roles: [],
      permissions: '0',
    },
    ...partial,
  };
}

async function post(
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(h.endpoint as string, { method: 'POST', headers, body });
  const text = await response.text();
  return {
    status: response.status,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

describe('Discord HTTP interactions endpoint', () => {
  it('answers PING with PONG', async () => {
    const body = JSON.stringify({
      id: '1',
      type: 1,
      application_id: APP_ID,
      token: 't',
      version: 1,
    });
    const answer = await post(body, h.signed(body));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ type: 1 });
  });

  it('answers /sip 403 in the HTTP response, as over the gateway', async () => {
    const body = JSON.stringify(interaction({ type: 2, data: slashData('sip', { query: '403' }) }));
    const answer = await post(body, h.signed(body));
    expect(answer.status).toBe(200);
    expect(answer.json.type).toBe(4);
    const data = answer.json.data as Record<string, unknown>;
    expect(embedText(data)).toContain('403 Forbidden');
    expect(customIds(data)).toContain('st:post-checklist:code:403');
    expect(data.allowed_mentions).toEqual({ parse: [] });
  });

  it('defers a diagnosis and edits it in over REST', async () => {
    const trace =
      'SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-http-1\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=2\r\nCall-ID: http-endpoint-1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n';
    const payload = interaction({ type: 2, data: slashData('sip-diagnose', { trace }) });
    const body = JSON.stringify(payload);
    const answer = await post(body, h.signed(body));
    expect(answer.json.type).toBe(5);
    const edit = await h.fake.waitForCall(
      (c) =>
        c.method === 'PATCH' &&
        c.path === `/webhooks/${APP_ID}/${payload.token}/messages/@original`,
      10_000,
    );
    expect(embedText(edit.body as Record<string, unknown>)).toMatch(/486/);
  });

  it('autocomplete over HTTP', async () => {
    const body = JSON.stringify(
      interaction({
        type: 4,
        data: {
          id: '3',
          name: 'sip',
          type: 1,
          options: [{ name: 'query', type: 3, value: 'busy', focused: true }],
        },
      }),
    );
    const answer = await post(body, h.signed(body));
    expect(answer.json.type).toBe(8);
    const choices = (answer.json.data as { choices: { value: string }[] }).choices;
    expect(choices.map((c) => c.value)).toContain('486');
  });

  it('rejects unsigned, wrongly signed, tampered and replayed requests with 401', async () => {
    const body = JSON.stringify(interaction({ type: 2, data: slashData('sip', { query: '403' }) }));
    const before = h.fake.calls.length;
    expect((await post(body, { 'content-type': 'application/json' })).status).toBe(401);
    const good = h.signed(body);
    const tampered = body.replace('403', '404');
    expect((await post(tampered, good)).status).toBe(401);
    const otherTime = {
      ...good,
      'x-signature-timestamp': String(Number(good['x-signature-timestamp']) + 1),
    };
    expect((await post(body, otherTime)).status).toBe(401);
    expect((await post(body, { ...good, 'x-signature-ed25519': 'zz' })).status).toBe(401);
    // Correctly signed, but an hour old: a replay.
    const old = String(Math.floor(Date.now() / 1000) - 3600);
    expect((await post(body, h.signed(body, old))).status).toBe(401);
    // Nothing was done for any of them.
    expect(h.fake.calls.length).toBe(before);
  });

  it('refuses other paths and methods', async () => {
    const url = new URL(h.endpoint as string);
    expect((await fetch(new URL('/elsewhere', url), { method: 'POST' })).status).toBe(404);
    expect((await fetch(url, { method: 'GET' })).status).toBe(404);
    expect((await fetch(new URL('/healthz', url))).status).toBe(200);
  });
});
