/**
 * Sends Slack answers from the core's worker threads (see
 * shared/worker-app.ts, `sender`): the worker that worked out a reply
 * renders it and posts it itself, so the main thread only acknowledges.
 * No SDK here: the calls go through slack-web-api.ts.
 */
import type { CreateSender } from '../shared/worker-protocol.js';
import { SlackOutbox, type SlackTrigger } from './slack-outbox.js';
import { SlackWebApi, type SlackWebApiOptions } from './slack-web-api.js';

export interface SlackSenderOptions extends SlackWebApiOptions {
  response: 'in_channel' | 'ephemeral';
}

/** Called in the worker with the options given to `slackSender`; `warn` logs on the main thread. */
export const createSender: CreateSender = (options, warn) => {
  const o = options as SlackSenderOptions;
  const outbox = new SlackOutbox(new SlackWebApi(o), { response: o.response, warn });
  return (reply, target) => outbox.send(reply, target as SlackTrigger);
};

/** The `sender` setting of a WorkerApp that answers on Slack. */
export function slackSender(options: SlackSenderOptions): { module: string; options: unknown } {
  const here = import.meta.url;
  const module = new URL(
    here.endsWith('.ts') ? './slack-worker-sender.ts' : './slack-worker-sender.js',
    here,
  );
  return { module: module.href, options };
}
