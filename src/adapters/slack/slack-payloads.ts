/**
 * Slack's payloads (slash command, message event, message shortcut, block
 * action) read into the core's request and the adapter's trigger. Bodies
 * are read as `unknown` and checked field by field: a payload missing what
 * it needs is dropped with a reason, never half-used.
 */
import type { AppRequest, Attachment, Origin } from '../../core/app/request.js';
import type { CardActionId } from '../../core/card.js';
import { decodeChecklist } from '../../core/checklist/checklist-codec.js';
import {
  CHECKLIST_ACTION_ID,
  readCheckboxesBlockId,
} from '../../core/render/slack/checklist-blocks.js';
import { readSlackFile, type SlackFile } from './slack-files.js';
import { type SlackTrigger, STATE_EVENT_TYPE } from './slack-outbox.js';
import { unescapeSlack } from './slack-text.js';

type Obj = Record<string, unknown>;

export function obj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Obj)
    : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function origin(
  user: string,
  name: string | undefined,
  channel: string,
  thread?: string,
  message?: string,
): Origin {
  return {
    platform: 'slack',
    user: { id: user, ...(name !== undefined ? { name } : {}) },
    conversation: channel,
    ...(thread !== undefined ? { thread } : {}),
    ...(message !== undefined ? { message } : {}),
  };
}

export function slackFiles(value: unknown): SlackFile[] {
  return Array.isArray(value) ? value.flatMap((f) => readSlackFile(f) ?? []) : [];
}

/** The state a message carries in its metadata (a checklist), if any. */
export function messageState(message: Obj | undefined): string | undefined {
  const metadata = obj(message?.metadata);
  if (metadata?.event_type !== STATE_EVENT_TYPE) return undefined;
  return str(obj(metadata.event_payload)?.state);
}

export interface Incoming {
  request: AppRequest;
  trigger: SlackTrigger;
}

/** `/sip <text>`. */
export function fromSlashCommand(body: unknown): Incoming | undefined {
  const b = obj(body);
  const user = str(b?.user_id);
  const channel = str(b?.channel_id);
  if (b === undefined || user === undefined || channel === undefined) return undefined;
  return {
    request: {
      type: 'command',
      text: unescapeSlack(str(b.text) ?? ''),
      origin: origin(user, str(b.user_name), channel),
    },
    trigger: {
      kind: 'slash',
      channel,
      user,
      ...(str(b.response_url) !== undefined ? { responseUrl: str(b.response_url) } : {}),
    },
  };
}

/** Why a message event is not for the bot, or undefined when it is. */
export function skipMessage(
  event: Obj,
  watch: 'all' | 'mention' | 'off',
  botUserId: string | undefined,
): string | undefined {
  if (watch === 'off') return 'SLACK_WATCH=off';
  const subtype = str(event.subtype);
  // Edits, deletions, joins, bot posts... only new human messages (with or without files) count.
  if (subtype !== undefined && subtype !== 'file_share' && subtype !== 'thread_broadcast')
    return `subtype ${subtype}`;
  if (event.bot_id !== undefined || event.bot_profile !== undefined) return 'a bot message';
  if (str(event.user) === undefined) return 'no user';
  if (str(event.user) === botUserId) return 'the bot itself';
  if (
    watch === 'mention' &&
    (botUserId === undefined || !str(event.text)?.includes(`<@${botUserId}>`))
  )
    return 'SLACK_WATCH=mention and the bot is not mentioned';
  return undefined;
}

/** A message in a channel: a paste or a shared file the core may diagnose. */
export function fromMessageEvent(
  event: Obj,
  attach: (file: SlackFile) => Attachment,
  botUserId: string | undefined,
): Incoming | undefined {
  const user = str(event.user);
  const channel = str(event.channel);
  const ts = str(event.ts);
  if (user === undefined || channel === undefined || ts === undefined) return undefined;
  const threadTs = str(event.thread_ts);
  let text = str(event.text) ?? '';
  if (botUserId !== undefined) text = text.split(`<@${botUserId}>`).join('');
  return {
    request: {
      type: 'message',
      text: unescapeSlack(text),
      attachments: slackFiles(event.files).map(attach),
      origin: origin(user, undefined, channel, threadTs, ts),
    },
    trigger: {
      kind: 'message',
      channel,
      user,
      ts,
      ...(threadTs !== undefined ? { threadTs } : {}),
    },
  };
}

/** The "Diagnose SIP trace" message shortcut, on any message (other bots' alerts included). */
export function fromShortcut(
  body: unknown,
  attach: (file: SlackFile) => Attachment,
): Incoming | undefined {
  const b = obj(body);
  const message = obj(b?.message);
  const user = str(obj(b?.user)?.id);
  const channel = str(obj(b?.channel)?.id);
  const ts = str(message?.ts);
  if (message === undefined || user === undefined || channel === undefined || ts === undefined)
    return undefined;
  const threadTs = str(message.thread_ts);
  return {
    request: {
      type: 'command',
      command: 'diagnose',
      text: unescapeSlack(str(message.text) ?? ''),
      attachments: slackFiles(message.files).map(attach),
      origin: origin(user, str(obj(b?.user)?.name), channel, threadTs, ts),
    },
    trigger: {
      kind: 'shortcut',
      channel,
      user,
      ts,
      ...(str(b?.response_url) !== undefined ? { responseUrl: str(b?.response_url) } : {}),
      ...(threadTs !== undefined ? { threadTs } : {}),
    },
  };
}

const ACTION_IDS: readonly CardActionId[] = [
  'post-checklist',
  'show-more',
  'full-json',
  'tick',
  'untick',
];

/**
 * A click on one of the bot's messages: a button (`sip-triage:<action>`) or
 * a checklist checkbox. A checkbox click becomes one tick or untick per box
 * that changed from what that person's client showed (see checklist-blocks.ts).
 */
export function fromBlockAction(
  body: unknown,
): { requests: AppRequest[]; trigger: SlackTrigger } | undefined {
  const b = obj(body);
  const action = Array.isArray(b?.actions) ? obj(b.actions[0]) : undefined;
  const user = obj(b?.user);
  const userId = str(user?.id);
  const container = obj(b?.container);
  const message = obj(b?.message);
  const channel = str(obj(b?.channel)?.id) ?? str(container?.channel_id);
  const ts = str(container?.message_ts) ?? str(message?.ts);
  if (action === undefined || userId === undefined || channel === undefined || ts === undefined)
    return undefined;
  const threadTs = str(message?.thread_ts);
  const name = str(user?.name) ?? str(user?.username);
  const state = messageState(message);
  const from = origin(userId, name, channel, threadTs, ts);
  const trigger: SlackTrigger = {
    kind: 'action',
    channel,
    user: userId,
    ts,
    ...(threadTs !== undefined ? { threadTs } : {}),
    ...(container?.is_ephemeral === true ? { ephemeral: true } : {}),
    ...(str(b?.response_url) !== undefined ? { responseUrl: str(b?.response_url) } : {}),
  };
  const event = (id: CardActionId, value: string): AppRequest => ({
    type: 'action',
    action: { id, value, message: ts, ...(state !== undefined ? { state } : {}) },
    origin: from,
  });

  const actionId = str(action.action_id) ?? '';
  if (actionId === CHECKLIST_ACTION_ID) {
    const drawn = readCheckboxesBlockId(str(action.block_id) ?? '');
    const list = decodeChecklist(state);
    if (drawn === undefined) return undefined;
    const selected = new Set(
      (Array.isArray(action.selected_options) ? action.selected_options : []).flatMap(
        (o) => str(obj(o)?.value) ?? [],
      ),
    );
    // Without the state the core answers that the checklist cannot be read; one request says so.
    if (list === undefined) return { requests: [event('tick', '')], trigger };
    const items = list.items.slice(drawn.first, drawn.first + drawn.ticked.length);
    const requests = items.flatMap((item, i) => {
      const now = selected.has(item.id);
      return now === drawn.ticked[i] ? [] : [event(now ? 'tick' : 'untick', item.id)];
    });
    return { requests, trigger };
  }
  const id = actionId.replace(/^sip-triage:/, '') as CardActionId;
  if (!ACTION_IDS.includes(id)) return undefined;
  return { requests: [event(id, str(action.value) ?? '')], trigger };
}
