#!/usr/bin/env node
/**
 * The container's entry point (the Dockerfile's ENTRYPOINT):
 *   docker run -d -e SLACK_BOT_TOKEN=... IMAGE      serves the configured chat platforms (main.ts)
 *   docker run --rm -i IMAGE diagnose - < t.pcap    any CLI command (cli.ts), e.g. explain 403, console
 * With no command and no chat platform configured it says what to set and
 * exits 2: a detached container has no terminal, so the console that
 * `npm start` opens on a developer's machine would only read an empty stdin
 * and stop at once.
 */
import { ConfigError, loadConfig } from './config.js';
import { loadDotenv } from './load-env.js';

const NOTHING_TO_SERVE = `sip-triage: no chat platform is configured, so there is nothing to serve.
Set one (docker run -e NAME=value ..., or --env-file):
  Slack:   SLACK_BOT_TOKEN (xoxb-...) and SLACK_APP_TOKEN (xapp-..., Socket Mode)
           or SLACK_SIGNING_SECRET (HTTP on PORT, default 3000: /slack/events)
  Discord: DISCORD_TOKEN and DISCORD_APPLICATION_ID
           (and DISCORD_PUBLIC_KEY for the HTTP endpoint on DISCORD_PORT, default 3001)
Or give a command:
  docker run --rm -i IMAGE diagnose - < trace.pcap
  docker run --rm IMAGE explain 403
  docker run --rm -it IMAGE console
`;

async function start(args: string[]): Promise<void> {
  // cli.ts reads the same arguments from process.argv.
  if (args.length > 0) {
    await import('./cli.js');
    return;
  }
  loadDotenv();
  let configured = false;
  try {
    const config = loadConfig();
    configured = config.slack !== undefined || config.discord !== undefined;
  } catch (error) {
    // main.ts reports an invalid configuration itself, naming each variable.
    if (!(error instanceof ConfigError)) throw error;
    configured = true;
  }
  if (!configured) {
    process.stderr.write(NOTHING_TO_SERVE);
    process.exitCode = 2;
    return;
  }
  await import('./main.js');
}

await start(process.argv.slice(2));
