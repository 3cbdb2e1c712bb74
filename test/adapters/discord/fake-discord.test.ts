/**
 * The fake Discord against the real discord.js Client and @discordjs/rest:
 * if these pass, the adapter's tests exercise the SDK as it really behaves.
 */
import { once } from 'node:events';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  type ChatInputCommandInteraction,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Interaction,
  type Message,
  REST,
  RESTEvents,
  Routes,
  type TextChannel,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { discordRestAgent } from '../../../src/adapters/discord/rest-agent.js';
import {
  APP_ID,
  BOT_USER_ID,
  CHANNEL_ID,
  DISCORD_TOKEN,
  FakeDiscord,
  GUILD_ID,
  waitFor,
} from '../../support/discord/fake-discord.js';

// discord.js's own undici, as the bot uses it: the process-wide one may be another undici's.
const agent = discordRestAgent() as never;

const intents = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.MessageContent,
];

const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  // Clients first, then fakes: destroy() waits for the server's close frame.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startFake(options?: Parameters<typeof FakeDiscord.start>[0]): Promise<FakeDiscord> {
  const fake = await FakeDiscord.start(options);
  cleanups.push(() => fake.stop());
  return fake;
}

/** A real Client logged in to the fake, after ClientReady. */
async function connect(fake: FakeDiscord, shards?: 'auto'): Promise<Client> {
  const client = new Client({
    intents,
    rest: { api: fake.apiUrl, retries: 0, timeout: 5_000, agent },
    ...(shards ? { shards } : {}),
  });
  cleanups.push(() => client.destroy());
  const ready = once(client, Events.ClientReady, { signal: AbortSignal.timeout(5_000) });
  await client.login(DISCORD_TOKEN);
  await ready;
  return client;
}

function next<T>(client: Client, event: string): Promise<T> {
  return once(client, event, { signal: AbortSignal.timeout(5_000) }).then(([value]) => value as T);
}

function incidents(client: Client): TextChannel {
  const channel = client.channels.cache.get(CHANNEL_ID);
  if (channel === undefined || !channel.isTextBased() || channel.isDMBased())
    throw new Error('the incidents channel is not cached');
  return channel as TextChannel;
}

const sipCommand = {
  type: 2,
  data: {
    id: '300000000000000001',
    name: 'sip',
    type: 1,
    options: [{ name: 'query', type: 3, value: '403' }],
  },
};

describe('FakeDiscord with the real discord.js client', () => {
  it('logs in: gateway info over REST, IDENTIFY with the intents, READY and GUILD_CREATE', async () => {
    const fake = await startFake();
    const client = await connect(fake);

    expect(fake.identifies).toEqual([
      {
        shard: [0, 1],
        intents:
          GatewayIntentBits.Guilds |
          GatewayIntentBits.GuildMessages |
          GatewayIntentBits.MessageContent,
        token: DISCORD_TOKEN,
      },
    ]);
    expect(fake.readyShards()).toBe(1);
    await fake.waitForReady();
    const gateway = fake.calls.find((c) => c.path === '/gateway/bot');
    expect(gateway?.authorization).toBe(`Bot ${DISCORD_TOKEN}`);
    expect(client.user?.id).toBe(BOT_USER_ID);
    expect(client.application?.id).toBe(APP_ID);
    const guild = client.guilds.cache.get(GUILD_ID);
    expect(guild?.available).toBe(true);
    expect(incidents(client).name).toBe('incidents');
    expect(guild?.members.me?.id).toBe(BOT_USER_ID);
    expect(incidents(client).permissionsFor(BOT_USER_ID)?.has('SendMessages')).toBe(true);
  });

  it('delivers a MESSAGE_CREATE with content and a downloadable attachment', async () => {
    const fake = await startFake();
    const client = await connect(fake);

    const arrived = next<Message>(client, Events.MessageCreate);
    const sent = fake.userMessage({
      content: 'why 403?',
      attachments: [
        {
          filename: 'trace.txt',
          data: Buffer.from('SIP/2.0 403 Forbidden'),
          content_type: 'text/plain',
        },
      ],
    });
    const message = await arrived;

    expect(message.id).toBe(sent.id);
    expect(message.content).toBe('why 403?');
    expect(message.author.bot).toBe(false);
    const attachment = message.attachments.first();
    expect(attachment).toMatchObject({ name: 'trace.txt', size: 21, contentType: 'text/plain' });
    const download = await fetch(attachment?.url ?? '');
    expect(await download.text()).toBe('SIP/2.0 403 Forbidden');
    // GET finds it too.
    expect((await incidents(client).messages.fetch(message.id)).content).toBe('why 403?');
  });

  it('delivers an INTERACTION_CREATE and records reply() as a type 4 callback', async () => {
    const fake = await startFake();
    const client = await connect(fake);

    const arrived = next<Interaction>(client, Events.InteractionCreate);
    const sent = fake.interaction(sipCommand);
    const interaction = await arrived;
    if (!interaction.isChatInputCommand()) throw new Error('not a chat input command');
    expect(interaction.commandName).toBe('sip');
    expect(interaction.options.getString('query')).toBe('403');
    expect(interaction.user.username).toBe('alice');

    await interaction.reply({ content: 'x' });

    const callback = await fake.waitForCall(
      (c) => c.path === `/interactions/${sent.id}/${sent.token}/callback`,
    );
    expect(callback.method).toBe('POST');
    expect(callback.authorization).toBeUndefined();
    expect(callback.body).toMatchObject({ type: 4, data: { content: 'x' } });
    const stored = [...fake.messages.values()].find((m) => m.interaction_id === sent.id);
    expect(stored).toMatchObject({ content: 'x', author: { id: BOT_USER_ID } });
    // The same callback again (another process, a retry) is refused as Discord does.
    const rest = new REST({ api: fake.apiUrl, retries: 0, agent }).setToken(DISCORD_TOKEN);
    await expect(
      rest.post(Routes.interactionCallback(String(sent.id), String(sent.token)), {
        body: { type: 4, data: { content: 'again' } },
        auth: false,
      }),
    ).rejects.toMatchObject({ code: 40060, status: 400 });
  });

  it('answers deferReply, editReply and followUp with message objects', async () => {
    const fake = await startFake();
    const client = await connect(fake);

    const arrived = next<ChatInputCommandInteraction>(client, Events.InteractionCreate);
    fake.interaction(sipCommand);
    const interaction = await arrived;

    const deferred = await interaction.deferReply({ withResponse: true });
    expect(deferred.interaction.responseMessageLoading).toBe(true);
    const edited = await interaction.editReply({ content: 'the answer' });
    expect(edited.id).toBe(deferred.interaction.responseMessageId);
    expect(fake.messages.get(edited.id)).toMatchObject({ content: 'the answer', edits: 0 });
    await interaction.editReply({ content: 'the better answer' });
    expect(fake.messages.get(edited.id)).toMatchObject({ content: 'the better answer', edits: 1 });
    const followUp = await interaction.followUp({ content: 'more' });
    expect(followUp.content).toBe('more');
    expect(fake.messages.get(followUp.id)?.content).toBe('more');
    expect(fake.called('PATCH', /\/messages\/@original$/)).toHaveLength(2);
  });

  it('takes an HTTP-delivered interaction: the answer over HTTP, then edits and follow-ups', async () => {
    const fake = await startFake();
    const rest = new REST({ api: fake.apiUrl, retries: 0, agent }).setToken(DISCORD_TOKEN);
    const payload = fake.buildInteraction(sipCommand);
    const token = String(payload.token);

    // Before any answer the webhook does not exist yet.
    await expect(
      rest.post(Routes.webhook(APP_ID, token), { body: { content: 'early' }, auth: false }),
    ).rejects.toMatchObject({ code: 10015 });
    fake.answeredOverHttp(String(payload.id), { type: 5, data: { flags: 64 } });
    const edited = (await rest.patch(Routes.webhookMessage(APP_ID, token, '@original'), {
      body: { content: 'done' },
      auth: false,
    })) as { id: string; flags: number };
    expect(fake.messages.get(edited.id)).toMatchObject({ content: 'done', flags: 64 });
    expect(() => fake.answeredOverHttp(String(payload.id), { type: 4 })).toThrow(/40060/);
  });

  it('updates the clicked message for a button interaction (callback type 7)', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const card = await incidents(client).send({
      content: 'checklist',
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder()
            .setCustomId('step-1')
            .setLabel('Step 1')
            .setStyle(ButtonStyle.Secondary),
        ),
      ],
    });

    const arrived = next<Interaction>(client, Events.InteractionCreate);
    fake.interaction({
      type: 3,
      data: { custom_id: 'step-1', component_type: 2 },
      message: { id: card.id },
    });
    const click = await arrived;
    if (!click.isButton()) throw new Error('not a button');
    expect(click.message.id).toBe(card.id);
    expect(click.customId).toBe('step-1');
    await click.update({ content: 'checklist (1 done)' });

    expect(fake.messages.get(card.id)).toMatchObject({ content: 'checklist (1 done)', edits: 1 });
    expect(fake.messages.get(card.id)?.components).toHaveLength(1);
  });

  it('starts a thread on a message once, then answers 160004', async () => {
    const fake = await startFake();
    const client = await connect(fake);

    const arrived = next<Message>(client, Events.MessageCreate);
    fake.userMessage({ content: 'INVITE failed' });
    const message = await arrived;

    const thread = await message.startThread({ name: 't' });
    expect(thread.id).toBe(message.id);
    expect(thread.parentId).toBe(CHANNEL_ID);
    expect(thread.name).toBe('t');

    const again = message.startThread({ name: 't' });
    await expect(again).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(again).rejects.toMatchObject({ code: 160004 });

    // Posting in the thread lands in the store under the thread's id.
    await thread.send('looking');
    expect([...fake.messages.values()].some((m) => m.channel_id === thread.id)).toBe(true);
  });

  it('lets @discordjs/rest wait out a 429 and sends the message once after it', async () => {
    const fake = await startFake();
    const client = await connect(fake);
    const limits: number[] = [];
    client.rest.on(RESTEvents.RateLimited, (info) => limits.push(info.timeToReset));
    const messages = /^\/channels\/\d+\/messages$/;
    fake.failNext(
      'POST',
      messages,
      429,
      { message: 'You are being rate limited.', retry_after: 0.2, global: false },
      { 'retry-after': '0.2' },
    );

    const sent = await incidents(client).send('after the limit');

    const posts = fake.called('POST', messages);
    expect(posts).toHaveLength(2);
    expect((posts[1]?.at ?? 0) - (posts[0]?.at ?? 0)).toBeGreaterThanOrEqual(190);
    expect(limits).toHaveLength(1);
    const stored = [...fake.messages.values()].filter((m) => m.content === 'after the limit');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).toBe(sent.id);
  });

  it('uploads files as multipart and keeps listed attachments on edit', async () => {
    const fake = await startFake();
    const client = await connect(fake);

    const sent = await incidents(client).send({
      content: 'capture',
      files: [{ attachment: Buffer.from('pcap bytes'), name: 'call.pcap' }],
    });
    const post = fake.called('POST', /^\/channels\/\d+\/messages$/)[0];
    expect(post?.body).toMatchObject({ content: 'capture' });
    expect(post?.files).toMatchObject([{ field: 'files[0]', name: 'call.pcap' }]);
    expect(post?.files[0]?.data.toString()).toBe('pcap bytes');
    const first = sent.attachments.first();
    expect(first?.name).toBe('call.pcap');
    expect(await (await fetch(first?.url ?? '')).text()).toBe('pcap bytes');

    const edited = await sent.edit({
      content: 'capture (updated)',
      attachments: [...sent.attachments.values()],
      files: [{ attachment: Buffer.from('more'), name: 'notes.txt' }],
    });
    expect(edited.attachments.map((a) => a.name).sort()).toEqual(['call.pcap', 'notes.txt']);
    expect(fake.messages.get(sent.id)).toMatchObject({ content: 'capture (updated)', edits: 1 });
    await sent.edit({ attachments: [] });
    expect(fake.messages.get(sent.id)?.attachments).toEqual([]);
  });

  it('answers like Discord for unknown messages, long content, commands and bad tokens', async () => {
    const fake = await startFake();
    const rest = new REST({ api: fake.apiUrl, retries: 0, agent }).setToken(DISCORD_TOKEN);

    await expect(
      rest.get(Routes.channelMessage(CHANNEL_ID, '1234567890123456789')),
    ).rejects.toMatchObject({
      code: 10008,
      status: 404,
    });
    await expect(
      rest.post(Routes.channelMessages(CHANNEL_ID), { body: { content: 'x'.repeat(2001) } }),
    ).rejects.toMatchObject({ code: 50035 });
    await expect(rest.get('/nowhere')).rejects.toMatchObject({ status: 404 });

    const put = (await rest.put(Routes.applicationGuildCommands(APP_ID, GUILD_ID), {
      body: [{ name: 'sip', description: 'Explain a SIP code', type: 1 }],
    })) as { id: string; name: string }[];
    expect(put).toMatchObject([{ name: 'sip', application_id: APP_ID, guild_id: GUILD_ID }]);
    expect(await rest.get(Routes.applicationGuildCommands(APP_ID, GUILD_ID))).toEqual(put);
    expect(fake.commandsFor(GUILD_ID)).toEqual(put);

    const wrong = new REST({ api: fake.apiUrl, retries: 0, agent }).setToken('wrong');
    await expect(wrong.get(Routes.user('@me'))).rejects.toMatchObject({ status: 401 });
    const client = new Client({
      intents,
      rest: { api: fake.apiUrl, retries: 0, timeout: 5_000, agent },
    });
    cleanups.push(() => client.destroy());
    await expect(client.login('wrong')).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(fake.identifies).toEqual([]);
  });

  it('acks heartbeats and lets a dropped shard resume', async () => {
    const fake = await startFake({ heartbeatMs: 100 });
    const client = await connect(fake);
    await waitFor(() => (fake.heartbeats >= 2 ? true : undefined), 2_000, 'two heartbeats');

    const resumed = next<number>(client, Events.ShardResume);
    fake.disconnect(0, 4000);
    await resumed;
    expect(fake.resumes).toHaveLength(1);
    expect(fake.identifies).toHaveLength(1);

    const arrived = next<Message>(client, Events.MessageCreate);
    fake.userMessage({ content: 'after the resume' });
    expect((await arrived).content).toBe('after the resume');
  });

  it('identifies two shards when the client asks for shards: auto', async () => {
    const fake = await startFake({ shards: 2, maxConcurrency: 2 });
    const client = await connect(fake, 'auto');

    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(fake.readyShards()).toBe(2);
    expect(client.guilds.cache.get(GUILD_ID)?.shardId).toBe(fake.guildShard());
    expect(client.ws.shards.size).toBe(2);
  });
});
