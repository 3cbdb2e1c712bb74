/**
 * The load bench's fake Slack in a process of its own, so the Slack side's
 * work (taking the bot's posts) does not share an event loop with the load
 * generator whose latencies are measured. Serves the capture given as its
 * argument as a shared file, prints `{ base, file }` as one JSON line, and
 * reports when the bot posted where at GET /__stats.
 */
import { readFileSync } from 'node:fs';
import { FakeSlack } from '../../test/support/slack/fake-slack.js';

const fake = new FakeSlack();
await fake.start();
const capture = process.argv[2];
const file =
  capture === undefined
    ? undefined
    : fake.addFile('edge-proxy.pcap', readFileSync(capture), 'application/vnd.tcpdump.pcap');
process.stdout.write(`${JSON.stringify({ base: fake.base, file })}\n`);
process.on('SIGTERM', () => {
  void fake.stop().then(() => process.exit(0));
});
