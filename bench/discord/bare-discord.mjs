// The peer row of the Discord load bench: a discord.js client that answers
// every interaction with a fixed callback (no core, no embed), on the same
// fake gateway and REST, to show what an initial response costs on this
// machine before any of the bot's work.
import { Client, Events, GatewayIntentBits } from 'discord.js';

const client = new Client({
  intents: [
    GatewayIntentBits.Guilds,
    GatewayIntentBits.GuildMessages,
    GatewayIntentBits.MessageContent,
  ],
  rest: { api: process.env.DISCORD_API_URL, retries: 0 },
});
client.on(Events.Raw, (packet) => {
  if (packet.t !== 'INTERACTION_CREATE') return;
  const { id, token } = packet.d;
  void client.rest.post(`/interactions/${id}/${token}/callback`, {
    body: { type: 4, data: { content: 'ok' } },
    auth: false,
  });
});
client.once(Events.ClientReady, () => process.stderr.write('discord adapter started\n'));
await client.login(process.env.DISCORD_TOKEN);
process.on('SIGTERM', () => {
  void client.destroy().then(() => process.exit(0));
});
