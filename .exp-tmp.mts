import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { FakeDiscord, DISCORD_TOKEN, GUILD_ID, CHANNEL_ID } from '/work/main/test/support/discord/fake-discord.ts';
const intents = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent];
async function run(label: string, opts: any, patch?: (f: any) => void, shards?: 'auto') {
  const fake = await FakeDiscord.start(opts);
  patch?.(fake);
  const client = new Client({ intents, rest: { api: fake.apiUrl, retries: 0, timeout: 5000 }, ...(shards ? { shards } : {}) });
  const t = Date.now();
  const ready = once(client, Events.ClientReady, { signal: AbortSignal.timeout(30000) });
  await client.login(DISCORD_TOKEN); await ready;
  let msg = 'n/a';
  try {
    const got = once(client, Events.MessageCreate, { signal: AbortSignal.timeout(2000) });
    fake.userMessage({ content: 'hi' });
    msg = ((await got)[0] as any).content;
  } catch (e) { msg = 'no messageCreate: ' + e; }
  console.log(label, 'ready after', Date.now() - t, 'ms; message:', msg, 'roles', client.guilds.cache.get(GUILD_ID)?.roles.cache.size);
  await client.destroy(); await fake.stop();
}
await run('2 shards, max_concurrency 1', { shards: 2 }, undefined, 'auto');
await run('minimal GUILD_CREATE', {}, (f) => { f.guild = () => ({ id: GUILD_ID, channels: [{ id: CHANNEL_ID, type: 0, name: 'incidents', guild_id: GUILD_ID }] }); });
await run('GUILD_CREATE without channels', {}, (f) => { f.guild = () => ({ id: GUILD_ID }); });
