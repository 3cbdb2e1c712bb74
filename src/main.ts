#!/usr/bin/env node
/**
 * Composition root: load configuration, load the knowledge base, make the
 * core's app, start the chat adapters that are configured (Slack when
 * SLACK_BOT_TOKEN is set, Discord when DISCORD_TOKEN is). With no chat
 * platform configured it starts the console adapter. Each
 * adapter is imported only when it is started, so a face never loads
 * another platform's SDK.
 */
import { ChatStartError } from './adapters/shared/start-error.js';
import type { WorkerApp as WorkerAppType } from './adapters/shared/worker-app.js';
import { type Config, configOrExitCode } from './config.js';
import { type App, createApp } from './core/app/handle.js';
import type { KnowledgeBase } from './core/knowledge/knowledge-base.js';
import { KnowledgeValidationError } from './core/knowledge/knowledge-error.js';
import { loadKnowledgeBase } from './core/knowledge/load-knowledge-base.js';
import { loadDotenv } from './load-env.js';
import { createLogger, errorContext, type Logger } from './logger.js';

async function main(): Promise<number> {
  loadDotenv();
  const config = configOrExitCode();
  if (config === 2) return 2;
  const logger = createLogger(config.logLevel);
  if (config.slack !== undefined || config.discord !== undefined) return serveChat(config, logger);
  const kb = await loadKnowledge(config.knowledgeDir);
  if (typeof kb === 'number') return kb;
  const app = inProcessApp(kb, logger);
  const interactive = Boolean(process.stdin.isTTY);
  logger.debug('starting console adapter', { interactive });
  const { ConsoleAdapter } = await import('./adapters/console/console-adapter.js');
  const terminal = new ConsoleAdapter({
    input: process.stdin,
    output: process.stdout,
    interactive,
    color: config.color ?? Boolean(process.stdout.isTTY),
    width: process.stdout.columns,
    format: config.consoleFormat,
    kb,
    logger,
    app,
  });
  await terminal.start();
  await terminal.done;
  return 0;
}

/** The knowledge base (the build's snapshot when it is fresh), or exit code 3 with its problems on stderr. */
async function loadKnowledge(dir: string | undefined): Promise<KnowledgeBase | number> {
  try {
    return await loadKnowledgeBase(dir);
  } catch (error) {
    if (error instanceof KnowledgeValidationError) {
      process.stderr.write(`${error.message}\n`);
      return 3;
    }
    throw error;
  }
}

function inProcessApp(kb: KnowledgeBase, logger: Logger) {
  return createApp({
    kb,
    onError: (error, request) =>
      logger.error('could not answer a request', {
        ...errorContext(error),
        platform: request.origin.platform,
        conversation: request.origin.conversation,
        type: request.type,
      }),
  });
}

/**
 * The chat adapters. Lookups are answered on this thread from its own
 * knowledge base (microseconds; a worker round trip costs more); anything
 * that parses a trace is worked out in worker threads, so acks stay on time
 * under any load (each worker loads the knowledge base itself, from the
 * build's snapshot when it is fresh; SIP_WORKERS=0 answers everything on this thread). With
 * DISCORD_SHARDS this process manages the Discord shard processes (each
 * runs this program again, Discord only) and serves Slack itself.
 */
async function serveChat(config: Config, logger: Logger): Promise<number> {
  const { isShardProcess, startShards } = await import('./adapters/discord/discord-shards.js');
  const shard = isShardProcess();
  const slackConfig = shard ? undefined : config.slack;
  const discordConfig = config.discord;
  const managesShards = !shard && discordConfig?.shards !== undefined;
  const stops: (() => Promise<void>)[] = [];

  // `local` answers lookups on this thread; `remote`, when there are workers, takes the traces.
  let local: App | undefined;
  let remote: WorkerAppType | undefined;
  if (slackConfig !== undefined || (discordConfig !== undefined && !managesShards)) {
    const kb = await loadKnowledge(config.knowledgeDir);
    if (typeof kb === 'number') return kb;
    local = inProcessApp(kb, logger);
    if (config.workers !== 0) {
      const { WorkerApp } = await import('./adapters/shared/worker-app.js');
      // With Slack the workers also post its answers, so this thread is free to acknowledge.
      const sender =
        slackConfig !== undefined
          ? (await import('./adapters/slack/slack-worker-sender.js')).slackSender({
              botToken: slackConfig.botToken,
              ...(slackConfig.apiUrl !== undefined ? { apiUrl: slackConfig.apiUrl } : {}),
              response: slackConfig.response,
            })
          : undefined;
      const workers = new WorkerApp({
        ...(config.knowledgeDir !== undefined ? { knowledgeDir: config.knowledgeDir } : {}),
        ...(config.workers !== undefined ? { workers: config.workers } : {}),
        ...(sender !== undefined ? { sender } : {}),
        // Only a bot that draws PNGs loads the renderer and its fonts ahead of the first paste.
        warmPictures: config.pictures?.includes('png') ?? true,
        logger,
      });
      try {
        await workers.ready();
      } catch (error) {
        await workers.stop();
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        return 3;
      }
      remote = workers;
      stops.push(() => workers.stop());
    }
  }
  // Adapters stop first (they finish what they acknowledged), the workers after them.
  try {
    if (discordConfig !== undefined && managesShards) {
      const shards = await startShards(discordConfig, logger);
      stops.unshift(() => shards.stop());
    } else if (discordConfig !== undefined && local !== undefined) {
      const { SplitApp } = await import('./adapters/shared/split-app.js');
      const { DiscordAdapter } = await import('./adapters/discord/discord-adapter.js');
      const discord = new DiscordAdapter({
        config: discordConfig,
        // Lookups here (the adapter renders and sends here anyway), traces in the workers.
        app: remote !== undefined ? new SplitApp(local, remote) : local,
        logger,
        limits: config.sipLimits,
        ...(config.pictures !== undefined ? { pictures: config.pictures } : {}),
      });
      await discord.start();
      stops.unshift(() => discord.stop());
    }
    if (slackConfig !== undefined && local !== undefined) {
      const { SlackAdapter } = await import('./adapters/slack/slack-adapter.js');
      const slack = new SlackAdapter({
        config: slackConfig,
        app: local,
        ...(remote !== undefined ? { remote } : {}),
        logger,
        limits: config.sipLimits,
        ...(config.pictures !== undefined ? { pictures: config.pictures } : {}),
      });
      await slack.start();
      stops.unshift(() => slack.stop());
    }
  } catch (error) {
    // What did start stops again: a start that failed ends the process instead of leaving it half up.
    for (const stop of stops) await stop().catch(() => undefined);
    throw error;
  }
  await untilSignalled(logger);
  for (const stop of stops) await stop();
  // A shard process keeps its channel to the manager open; closing it lets the process end.
  if (shard && process.connected) process.disconnect();
  return 0;
}

/** Resolves on SIGINT or SIGTERM (a container stop): the chat adapters then finish what they acknowledged. */
function untilSignalled(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      logger.info('stopping', { signal });
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A chat platform that would not let the bot start (a refused token, an unreachable API)
    // is said as such: one line that says what to check, not an unexpected error's stack.
    if (error instanceof ChatStartError)
      createLogger('error').error(`sip-triage could not start: ${error.message}`);
    else
      createLogger('error').error('sip-triage stopped on an unexpected error', errorContext(error));
    process.exitCode = 1;
  },
);
