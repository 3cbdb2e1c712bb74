/**
 * Sends the core's reply to Slack: each outgoing message rendered as Block
 * Kit and put where the reply says, relative to what triggered it.
 *
 * - A slash command's answer goes in the channel (or only to the person,
 *   with SLACK_RESPONSE=ephemeral); through `response_url` when the bot may
 *   not post there (a channel it was not invited to, a DM).
 * - Anything answering a message (a paste, a shared file, the shortcut, a
 *   button on a card) goes in that message's thread.
 * - An update edits the message in place (`chat.update`, or `response_url`
 *   for an ephemeral one), with the state the core gave it as metadata.
 * - Files follow their card in its thread (`files.uploadV2`), all of one
 *   card in one share: a diagnosis's call-flow picture and report arrive as
 *   one message under it (a slash command's card gets a thread for them).
 *   Pictures still being drawn never hold a card back: every card of the
 *   reply is posted first, then each card's pictures as they are ready. A
 *   file that cannot be shared, or a picture that could not be drawn, costs
 *   a logged warning and a one-line note in that thread, never the card.
 *   Answers only the asker sees carry no files (Slack cannot share a file
 *   with one person only) and say so in a last context line, naming the
 *   pictures still being drawn too.
 */
import type { OutgoingMessage, Reply } from '../../core/app/reply.js';
import type { Card } from '../../core/card.js';
import { SLACK_LIMITS } from '../../core/render/slack/limits.js';
import {
  renderSlack,
  type SlackBlock,
  type SlackMessage,
} from '../../core/render/slack/render-blocks.js';
import { withSource } from '../shared/full-json-source.js';

/** Metadata type of the messages that carry the core's state (a checklist). */
export const STATE_EVENT_TYPE = 'sip_triage_state';

export interface StateMetadata {
  event_type: typeof STATE_EVENT_TYPE;
  event_payload: { state: string };
}

/** The Web API calls the adapter makes; the transport binds them to Bolt's WebClient. */
export interface SlackApi {
  post(args: {
    channel: string;
    thread_ts?: string;
    text: string;
    blocks: SlackBlock[];
    metadata?: StateMetadata;
  }): Promise<{ ts?: string }>;
  update(args: {
    channel: string;
    ts: string;
    text: string;
    blocks: SlackBlock[];
    metadata?: StateMetadata;
  }): Promise<void>;
  postEphemeral(args: {
    channel: string;
    user: string;
    thread_ts?: string;
    text: string;
    blocks: SlackBlock[];
  }): Promise<void>;
  /** Posts to an interaction's `response_url`. */
  respond(url: string, body: Record<string, unknown>): Promise<void>;
  /** Uploads the files and shares them together, as one message, where it says. */
  upload(args: { channel: string; thread_ts?: string; files: UploadFile[] }): Promise<void>;
}

export interface UploadFile {
  filename: string;
  /** Shown above the file in Slack. */
  title: string;
  content: string | Uint8Array;
  /** A picture's description for screen readers. */
  altText?: string;
}

export interface SlackTrigger {
  kind: 'slash' | 'message' | 'shortcut' | 'action';
  channel: string;
  user: string;
  /** The message the request came from (a paste) or acted on (a card). */
  ts?: string;
  /** The thread that message sits in. */
  threadTs?: string;
  /** The interaction's `response_url` (slash commands, shortcuts, clicks). */
  responseUrl?: string;
  /** The action was used on an ephemeral message: it can only be replaced through its response_url. */
  ephemeral?: boolean;
  /** What "Full JSON" on a diagnosis card should read again (see slack-sources.ts). */
  source?: string;
}

export interface OutboxOptions {
  /** Who sees a slash command's answer. */
  response: 'in_channel' | 'ephemeral';
  /** Logs what went wrong without failing the answer (files that could not be shared). */
  warn?: (message: string, context: Record<string, unknown>) => void;
}

/** Slack errors that mean "the bot cannot post in this conversation". */
const CANNOT_POST = /not_in_channel|channel_not_found|is_archived|restricted_action|cannot_dm_bot/;

export class SlackOutbox {
  constructor(
    private readonly api: SlackApi,
    private readonly options: OutboxOptions,
  ) {}

  /** Block Kit of the shared (frozen) knowledge cards, rendered once each. */
  private readonly rendered = new WeakMap<Card, SlackMessage[]>();

  private render(card: Card): SlackMessage[] {
    if (!Object.isFrozen(card)) return renderSlack(card);
    let parts = this.rendered.get(card);
    if (parts === undefined) {
      parts = renderSlack(card);
      this.rendered.set(card, parts);
    }
    return parts;
  }

  /**
   * Posts every card of the reply, then the files still being made (the
   * pictures), each set in its card's thread once ready: no card waits for
   * a picture, its own or another card's.
   */
  async send(reply: Reply, trigger: SlackTrigger): Promise<void> {
    // Pictures that will not be shared are not drawn (a worker's CPU for nothing): cancelled
    // before the first post, while their drawing is still waiting for its turn.
    for (const out of reply.messages) if (!this.sharesFiles(out, trigger)) out.later?.cancel?.();
    const later: (() => Promise<void>)[] = [];
    for (const out of reply.messages) {
      const follow = await this.sendOne(out, trigger);
      if (follow !== undefined) later.push(follow);
    }
    for (const follow of later) await follow();
  }

  /** Whether only the asker sees `out`. */
  private ephemeral(out: OutgoingMessage, trigger: SlackTrigger): boolean {
    return (
      out.visibility === 'ephemeral' ||
      (trigger.kind === 'slash' && this.options.response === 'ephemeral')
    );
  }

  /** Whether `out` goes with its files: not an edit (no update carries any), not ephemeral. */
  private sharesFiles(out: OutgoingMessage, trigger: SlackTrigger): boolean {
    return out.placement.kind !== 'update' && !this.ephemeral(out, trigger);
  }

  /** Sends one message; returns what shares its pending files, when it has some to share. */
  private async sendOne(
    out: OutgoingMessage,
    trigger: SlackTrigger,
  ): Promise<(() => Promise<void>) | undefined> {
    const parts = this.render(withSource(out.card, trigger.source));
    const metadata: StateMetadata | undefined =
      out.state === undefined
        ? undefined
        : { event_type: STATE_EVENT_TYPE, event_payload: { state: out.state } };

    if (out.placement.kind === 'update') {
      const [first] = parts;
      if (first === undefined) return undefined;
      if (trigger.ephemeral === true && trigger.responseUrl !== undefined) {
        await this.api.respond(trigger.responseUrl, {
          replace_original: true,
          text: first.text,
          blocks: first.blocks,
        });
      } else {
        await this.api.update({
          channel: trigger.channel,
          ts: out.placement.message,
          text: first.text,
          blocks: first.blocks,
          ...(metadata !== undefined ? { metadata } : {}),
        });
      }
      // An edited message takes no files (no update carries any today).
      return undefined;
    }

    // Slash commands answer in the channel; everything else in the thread of what it answers.
    const threadTs = trigger.kind === 'slash' ? undefined : (trigger.threadTs ?? trigger.ts);
    const ephemeral = this.ephemeral(out, trigger);
    let cardTs: string | undefined;
    // Files left out of an answer only the asker sees: the pending ones are named without waiting
    // for them (the card should not wait for files it will not carry; send() cancelled them).
    const leftOut = [...out.files.map((f) => f.name), ...(out.later?.names ?? [])];
    const sent = ephemeral && leftOut.length > 0 ? withFilesLeftOut(parts, leftOut) : parts;
    for (const part of sent) {
      // Every part carries the state: the buttons that need it sit on the last one.
      if (ephemeral) await this.postEphemeral(part, trigger, threadTs);
      else {
        const ts = await this.postPublic(part, trigger, threadTs, metadata);
        cardTs ??= ts;
      }
    }
    // Slack cannot share a file with one person: an answer only the asker sees goes without.
    if (ephemeral) return undefined;
    // A slash command's card is in the channel: its files open a thread on it.
    const filesTs = threadTs ?? cardTs;
    if (out.files.length > 0) await this.share(out.files, trigger, filesTs);
    const later = out.later;
    if (later === undefined) return undefined;
    return async () => {
      // `ready` never rejects; should it still, that is one more reason for no picture.
      const { files, failures } = await later.ready.catch((error: unknown) => ({
        files: [],
        failures: [error instanceof Error ? error.message : String(error)],
      }));
      if (files.length > 0) await this.share(files, trigger, filesTs);
      if (failures.length > 0) await this.tellNoPicture(failures, trigger, filesTs);
    };
  }

  /**
   * A picture that could not be drawn: the card is out already and cannot
   * say so any more, so one line in its thread does, and the log has it.
   */
  private async tellNoPicture(
    failures: string[],
    trigger: SlackTrigger,
    threadTs: string | undefined,
  ): Promise<void> {
    this.options.warn?.('slack: a picture of an answer could not be drawn', {
      failures,
      channel: trigger.channel,
    });
    const text = `No picture for the answer above: ${failures.join(' ')}`.slice(
      0,
      SLACK_LIMITS.sectionText,
    );
    await this.postNote(text, trigger, threadTs);
  }

  /** One plain line in the thread; a failure to post it is only logged (the card stands). */
  private async postNote(
    text: string,
    trigger: SlackTrigger,
    threadTs: string | undefined,
  ): Promise<void> {
    try {
      await this.postPublic(
        { text, blocks: [{ type: 'section', text: { type: 'plain_text', text, emoji: false } }] },
        trigger,
        threadTs,
        undefined,
      );
    } catch (error) {
      this.options.warn?.('slack: could not tell the channel either', {
        error: error instanceof Error ? error.message : String(error),
        channel: trigger.channel,
      });
    }
  }

  /** Shares the files in one message; a failure is logged and noted in the thread, and the card stands. */
  private async share(
    files: OutgoingMessage['files'],
    trigger: SlackTrigger,
    threadTs: string | undefined,
  ): Promise<void> {
    try {
      await this.api.upload({
        channel: trigger.channel,
        ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
        files: files.map((file) => ({
          filename: file.name,
          title: file.title ?? file.name,
          content: file.content,
          ...(file.contentType.startsWith('image/') && file.title !== undefined
            ? { altText: file.title }
            : {}),
        })),
      });
    } catch (error) {
      const code = slackErrorCode(error);
      const names = files.map((f) => f.name);
      this.options.warn?.('slack: could not share the files of an answer', {
        error: error instanceof Error ? error.message : String(error),
        ...(code !== undefined ? { code } : {}),
        channel: trigger.channel,
        files: names,
      });
      const why =
        code !== undefined
          ? `Slack answered "${code.slice(0, 120)}"`
          : 'of an error on the way to Slack';
      const text = `sip-triage could not attach ${names.join(', ')} to the answer above because ${why}; the bot's log has the details.`;
      await this.postNote(text, trigger, threadTs);
    }
  }

  private async postPublic(
    part: SlackMessage,
    trigger: SlackTrigger,
    threadTs: string | undefined,
    metadata: StateMetadata | undefined,
  ): Promise<string | undefined> {
    try {
      const posted = await this.api.post({
        channel: trigger.channel,
        ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
        text: part.text,
        blocks: part.blocks,
        ...(metadata !== undefined ? { metadata } : {}),
      });
      return posted.ts;
    } catch (error) {
      // Not a member (or a DM): the command's response_url can still answer there.
      if (trigger.responseUrl === undefined || !CANNOT_POST.test(slackErrorCode(error) ?? ''))
        throw error;
      await this.api.respond(trigger.responseUrl, {
        response_type: trigger.kind === 'slash' ? 'in_channel' : 'ephemeral',
        text: part.text,
        blocks: part.blocks,
        ...(metadata !== undefined ? { metadata } : {}),
      });
      return undefined;
    }
  }

  private async postEphemeral(
    part: SlackMessage,
    trigger: SlackTrigger,
    threadTs: string | undefined,
  ): Promise<void> {
    if (trigger.responseUrl !== undefined && (trigger.kind === 'slash' || threadTs === undefined)) {
      await this.api.respond(trigger.responseUrl, {
        response_type: 'ephemeral',
        text: part.text,
        blocks: part.blocks,
      });
      return;
    }
    await this.api.postEphemeral({
      channel: trigger.channel,
      user: trigger.user,
      ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
      text: part.text,
      blocks: part.blocks,
    });
  }
}

/**
 * An answer only the asker sees cannot carry files (Slack would share them
 * with the whole channel): its last part says which were left out and how
 * to get them, in a context line, or in a part of its own when the last is
 * full.
 */
function withFilesLeftOut(parts: SlackMessage[], names: readonly string[]): SlackMessage[] {
  const text = `Not attached, since Slack shares files with the whole channel only: ${names.join(', ')}. Paste the trace in the channel to get them.`;
  const line: SlackBlock = {
    type: 'context',
    elements: [{ type: 'plain_text', text, emoji: false }],
  };
  const last = parts[parts.length - 1];
  if (last === undefined) return parts;
  if (last.blocks.length < SLACK_LIMITS.blocksPerMessage)
    return [...parts.slice(0, -1), { ...last, blocks: [...last.blocks, line] }];
  return [...parts, { text, blocks: [line] }];
}

/** The Slack error code of a failed Web API call ("not_in_channel"), when Slack gave one. */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { data?: { error?: unknown } }).data?.error;
  return typeof code === 'string' && code !== '' ? code : undefined;
}
