/**
 * With Slack and Discord in one process there are two undicis: Slack's
 * Socket Mode client brings undici 7, discord.js uses undici 6, and both
 * share one process-wide dispatcher. When undici 7's is the one in place,
 * @discordjs/rest cannot upload a file through it; the bot's REST clients
 * therefore bring their own agent from discord.js's undici.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { discordRestAgent } from '../../../src/adapters/discord/rest-agent.js';
import { CHANNEL_ID, DISCORD_TOKEN, FakeDiscord } from '../../support/discord/fake-discord.js';

type Undici = typeof import('undici');

let fake: FakeDiscord | undefined;
let restore: (() => void) | undefined;
afterEach(async () => {
  restore?.();
  restore = undefined;
  await fake?.stop();
  fake = undefined;
});

/** Puts the top-level undici's (Slack's) agent in place as the process-wide dispatcher. */
async function slackUndiciInPlace(): Promise<void> {
  const undici: Undici = await import('undici');
  const before = undici.getGlobalDispatcher();
  undici.setGlobalDispatcher(new undici.Agent());
  restore = () => undici.setGlobalDispatcher(before);
}

async function upload(agent: unknown): Promise<unknown> {
  const { REST } = await import('discord.js');
  fake = await FakeDiscord.start();
  const rest = new REST({
    api: fake.apiUrl,
    retries: 0,
    ...(agent ? { agent: agent as never } : {}),
  });
  rest.setToken(DISCORD_TOKEN);
  return rest.post(`/channels/${CHANNEL_ID}/messages`, {
    body: { content: 'state', attachments: [{ id: 0, filename: 'sip-triage-state.txt' }] },
    files: [{ name: 'sip-triage-state.txt', data: 'stc1.e30' }],
  });
}

describe('the REST agent', () => {
  it('uploads files whichever undici set the process-wide dispatcher', async () => {
    await slackUndiciInPlace();
    const message = (await upload(discordRestAgent())) as { attachments: { filename: string }[] };
    expect(message.attachments.map((a) => a.filename)).toEqual(['sip-triage-state.txt']);
  });

  it('without it the same upload fails (the defect it prevents)', async () => {
    await slackUndiciInPlace();
    await expect(upload(undefined)).rejects.toThrow(/action is not a function/);
  });
});
