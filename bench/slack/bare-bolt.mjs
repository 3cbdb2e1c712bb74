// The peer row of the Slack load bench: a Bolt app that only acknowledges
// `/sip` (no core, no card), on the same receiver, port and signing secret,
// to show what acks cost on this machine before any of the bot's work.
import bolt from '@slack/bolt';

const app = new bolt.App({
  token: 'xoxb-bare',
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  tokenVerificationEnabled: false,
  botId: 'BBARE',
  botUserId: 'UBARE',
});
app.command('/sip', async ({ ack }) => {
  await ack();
});
await app.start(Number(process.env.PORT));
process.stderr.write('slack adapter started\n');
process.on('SIGTERM', () => process.exit(0));
