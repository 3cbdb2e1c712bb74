#!/usr/bin/env node
/**
 * Composition root: load configuration, load the knowledge base, make the
 * core's app, start the chat adapters that are configured (Slack when
 * SLACK_BOT_TOKEN is set). With no chat platform configured it starts the
 * console adapter. Each
 * adapter is imported only when it is started, so a face never loads
 * another platform's SDK.
 */
import { ConfigError, loadConfig } from './config.js';
import { createApp } from './core/app/handle.js';
import { KnowledgeBase } from './core/knowledge/knowledge-base.js';
import { KnowledgeValidationError } from './core/knowledge/knowledge-error.js';
import { loadDotenv } from './load-env.js';
import { createLogger, errorContext } from './logger.js';

async function main(): Promise<number> {
  loadDotenv();
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let kb: KnowledgeBase;
  try {
    kb = KnowledgeBase.fromDirectory(config.knowledgeDir);
  } catch (error) {
    if (error instanceof KnowledgeValidationError) {
      process.stderr.write(`${error.message}\n`);
      return 3;
    }
    throw error;
  }
  const app = createApp({
    kb,
    onError: (error, request) =>
      logger.error('could not answer a request', {
        ...errorContext(error),
        platform: request.origin.platform,
        conversation: request.origin.conversation,
        type: request.type,
      }),
  });
  if (config.slack !== undefined) {
    // Chat answers are worked out in worker threads, so acks stay on time under any load.
    const { WorkerApp } = await import('./adapters/shared/worker-app.js');
    const workers =
      config.workers === 0
        ? undefined
        : new WorkerApp({
            ...(config.knowledgeDir !== undefined ? { knowledgeDir: config.knowledgeDir } : {}),
            ...(config.workers !== undefined ? { workers: config.workers } : {}),
            logger,
          });
    await workers?.ready();
    const { SlackAdapter } = await import('./adapters/slack/slack-adapter.js');
    const slack = new SlackAdapter({
      config: config.slack,
      app: workers ?? app,
      logger,
      limits: config.sipLimits,
    });
    await slack.start();
    await untilSignalled(logger);
    await slack.stop();
    await workers?.stop();
    return 0;
  }
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

/** Resolves on SIGINT or SIGTERM (a container stop): the chat adapters then finish what they acknowledged. */
function untilSignalled(logger: ReturnType<typeof createLogger>): Promise<void> {
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
    createLogger('error').error('sip-triage stopped on an unexpected error', errorContext(error));
    process.exitCode = 1;
  },
);
