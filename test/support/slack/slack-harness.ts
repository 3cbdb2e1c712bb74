/**
 * The real Slack adapter (Bolt on its HTTP receiver, or Socket Mode)
 * against the fake Slack, with helpers that click the bot's own messages
 * the way Slack's client would: the payload carries the message as stored
 * (blocks and metadata) and, for checkboxes, the new selection of that
 * element as the clicking person's client computed it.
 */
import type { AddressInfo } from 'node:net';
import {
  SlackAdapter,
  type SlackAdapterOptions,
} from '../../../src/adapters/slack/slack-adapter.js';
import type { SlackConfig } from '../../../src/config.js';
import { type AppOptions, createApp } from '../../../src/core/app/handle.js';
import { createLogger, type Logger } from '../../../src/logger.js';
import { realKnowledge } from '../../helpers/knowledge.js';
import { BOT_TOKEN, FakeSlack, type StoredMessage } from './fake-slack.js';
import { SlackSender } from './slack-sender.js';

export const SIGNING_SECRET = 'test-signing-secret';

export interface Harness {
  fake: FakeSlack;
  adapter: SlackAdapter;
  sender: SlackSender;
  errors: unknown[];
  logs: string[];
  stop(): Promise<void>;
}

export async function startSlack(
  overrides: Partial<SlackConfig> = {},
  app: Partial<AppOptions> = {},
  adapterOptions: Partial<SlackAdapterOptions> = {},
): Promise<Harness> {
  const fake = new FakeSlack();
  await fake.start();
  const errors: unknown[] = [];
  const logs: string[] = [];
  const logger: Logger = createLogger('debug', (line) => logs.push(line));
  const config: SlackConfig = {
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: fake.apiUrl,
    response: 'in_channel',
    watch: 'all',
    port: 0,
    ...overrides,
  };
  const adapter = new SlackAdapter({
    config,
    app: createApp({ kb: realKnowledge(), onError: (e) => errors.push(e), ...app }),
    logger,
    retries: 0,
    ...adapterOptions,
  });
  await adapter.start();
  const port = (adapter.httpServer?.address() as AddressInfo | undefined)?.port;
  const sender = new SlackSender(`http://127.0.0.1:${port ?? 0}/slack/events`, SIGNING_SECRET);
  return {
    fake,
    adapter,
    sender,
    errors,
    logs,
    async stop() {
      await adapter.stop();
      await fake.stop();
    },
  };
}

interface Person {
  id: string;
  name: string;
}

function base(message: StoredMessage, person: Person, responseUrl: string) {
  return {
    type: 'block_actions',
    token: 'legacy-verification-token',
    api_app_id: 'A1',
    team: { id: 'T1', domain: 'voip-oncall' },
    user: { id: person.id, username: person.name, name: person.name, team_id: 'T1' },
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: message.channel,
      is_ephemeral: false,
    },
    channel: { id: message.channel, name: 'incident' },
    message: structuredClone(message),
    response_url: responseUrl,
    trigger_id: 'trigger-click',
  };
}

type Block = { type: string; block_id?: string; elements?: Element[] };
type Element = {
  type: string;
  action_id: string;
  value?: string;
  options?: { value: string }[];
  initial_options?: { value: string }[];
};

/** The block_actions payload of a button click on a bot message. */
export function buttonClick(
  message: StoredMessage,
  person: Person,
  actionId: string,
  responseUrl: string,
) {
  for (const block of (message.blocks ?? []) as Block[]) {
    for (const el of block.elements ?? []) {
      if (el.type === 'button' && el.action_id === actionId)
        return {
          ...base(message, person, responseUrl),
          actions: [
            {
              type: 'button',
              action_id: el.action_id,
              block_id: block.block_id,
              value: el.value,
              action_ts: '1.0',
            },
          ],
        };
    }
  }
  throw new Error(`no button ${actionId} on message ${message.ts}`);
}

/**
 * The payload of one checkbox click, from the message as `seen` (what this
 * person's client shows; another person's tick may not have reached it yet).
 */
export function checkboxClick(
  seen: StoredMessage,
  person: Person,
  itemId: string,
  responseUrl: string,
) {
  for (const block of (seen.blocks ?? []) as Block[]) {
    for (const el of block.elements ?? []) {
      if (el.type !== 'checkboxes' || !el.options?.some((o) => o.value === itemId)) continue;
      const before = new Set((el.initial_options ?? []).map((o) => o.value));
      if (before.has(itemId)) before.delete(itemId);
      else before.add(itemId);
      return {
        ...base(seen, person, responseUrl),
        actions: [
          {
            type: 'checkboxes',
            action_id: el.action_id,
            block_id: block.block_id,
            selected_options: el.options.filter((o) => before.has(o.value)),
            action_ts: '1.0',
          },
        ],
      };
    }
  }
  throw new Error(`no checkbox for ${itemId} on message ${seen.ts}`);
}

/** Every text a message's blocks show, joined (headers, sections, fields, context, options). */
export function blockText(message: StoredMessage | { blocks?: unknown[] }): string {
  return (
    JSON.stringify(message.blocks ?? [])
      .match(/"text":"((?:[^"\\]|\\.)*)"/g)
      ?.map((m) => JSON.parse(m.slice(7)) as string)
      .join('\n') ?? ''
  );
}
