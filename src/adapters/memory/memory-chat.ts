/**
 * An in-memory chat platform: conversations, threads, buttons, ephemeral
 * answers, message edits and files, with no network. Tests drive a whole
 * conversation through the core's `handle` the way a real platform would
 * (people post, paste, share files, click), then read what the bot posted.
 * It is also the reference for what an adapter does with a reply.
 */
import type { Adapter, PlatformCapabilities } from '../../core/app/adapter.js';
import type { App } from '../../core/app/handle.js';
import type { OutgoingFile, OutgoingMessage, Reply } from '../../core/app/reply.js';
import type { AppRequest, Attachment, Origin } from '../../core/app/request.js';
import { settleReply } from '../../core/app/settle-reply.js';
import type { Card, CardActionId } from '../../core/card.js';
import { renderText } from '../../core/render/text.js';

export interface ChatUser {
  id: string;
  name: string;
}

export interface ChatMessage {
  id: string;
  conversation: string;
  /** The thread root's id, for a message in a thread. */
  thread?: string;
  author: ChatUser | 'bot';
  /** What a person wrote; for the bot, the card as plain text. */
  text: string;
  card?: Card;
  state?: string;
  files: OutgoingFile[];
  attachments: Attachment[];
  /** Only this user sees it (an ephemeral answer). */
  visibleTo?: string;
  /** How many times the bot edited it. */
  edits: number;
}

export const MEMORY_CAPABILITIES: PlatformCapabilities = {
  threads: true,
  ephemeral: true,
  buttons: true,
  fileUpload: true,
  updates: true,
  maxMessageChars: 40_000,
  maxUploadBytes: 64 * 1024 * 1024,
};

/** The text the bot treats as a command to it, as `/sip` is on Slack and Discord. */
const COMMAND = /^\/sip(?:\s|$)/i;

export class MemoryChat implements Adapter {
  readonly name = 'memory';
  readonly capabilities = MEMORY_CAPABILITIES;
  private readonly messages: ChatMessage[] = [];
  private started = false;
  private nextId = 1;

  constructor(private app: App) {}

  /** The bot restarts: a new process (no memory of its own) serving the same platform messages. */
  restartWith(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {
    this.started = true;
  }

  async stop(): Promise<void> {
    this.started = false;
  }

  /**
   * A person posts in a conversation (or a thread): `/sip ...` is a command,
   * anything else a message the bot may answer. Resolves once the bot's
   * reply is posted; returns the person's message.
   */
  async post(
    user: ChatUser,
    conversation: string,
    text: string,
    options: { thread?: string; attachments?: Attachment[] } = {},
  ): Promise<ChatMessage> {
    const message = this.add({
      conversation,
      ...(options.thread !== undefined ? { thread: options.thread } : {}),
      author: user,
      text,
      files: [],
      attachments: options.attachments ?? [],
      edits: 0,
    });
    const origin = this.origin(user, message);
    const attachments = message.attachments;
    const request: AppRequest = COMMAND.test(text)
      ? { type: 'command', text, attachments, origin }
      : { type: 'message', text, attachments, origin };
    await this.deliver(request, message);
    return message;
  }

  /**
   * A person uses a card action on a bot message. The state is read from the
   * message at the moment of the click, as a platform sends it with the
   * click; two clicks started together both carry the state before either.
   */
  async click(
    user: ChatUser,
    messageId: string,
    action: CardActionId,
    value?: string,
  ): Promise<void> {
    const message = this.byId(messageId);
    const found = message.card?.actions.find(
      (a) => a.id === action && (value === undefined || a.value === value),
    );
    if (found === undefined)
      throw new Error(`message ${messageId} has no ${action} action${value ? ` ${value}` : ''}`);
    const source = message.thread === undefined ? undefined : this.byId(message.thread);
    const request: AppRequest = {
      type: 'action',
      action: {
        id: found.id,
        value: found.value,
        message: message.id,
        ...(message.state !== undefined ? { state: message.state } : {}),
      },
      origin: this.origin(user, message),
      // The message the card answered, for commands that need it again (the full JSON).
      ...(source !== undefined && source.author !== 'bot'
        ? { text: source.text, attachments: source.attachments }
        : {}),
    };
    await this.deliver(request, message);
  }

  /** Every message of a conversation's main timeline, as `viewer` sees it. */
  timeline(conversation: string, viewer?: string): ChatMessage[] {
    return this.messages.filter(
      (m) => m.conversation === conversation && m.thread === undefined && this.sees(m, viewer),
    );
  }

  /** The replies in the thread on message `root`, as `viewer` sees them. */
  thread(root: string, viewer?: string): ChatMessage[] {
    return this.messages.filter((m) => m.thread === root && this.sees(m, viewer));
  }

  byId(id: string): ChatMessage {
    const message = this.messages.find((m) => m.id === id);
    if (message === undefined) throw new Error(`no message ${id}`);
    return message;
  }

  private sees(m: ChatMessage, viewer: string | undefined): boolean {
    return m.visibleTo === undefined || m.visibleTo === viewer;
  }

  private origin(user: ChatUser, message: ChatMessage): Origin {
    return {
      platform: 'memory',
      user: { id: user.id, name: user.name },
      conversation: message.conversation,
      ...(message.thread !== undefined ? { thread: message.thread } : {}),
      message: message.id,
    };
  }

  private async deliver(request: AppRequest, trigger: ChatMessage): Promise<void> {
    if (!this.started) throw new Error('the memory chat is not started');
    // Each message is posted once, whole: its pictures are awaited first.
    const reply: Reply = await settleReply(await this.app.handle(request));
    for (const out of reply.messages) this.apply(out, trigger, request.origin.user.id);
  }

  private apply(out: OutgoingMessage, trigger: ChatMessage, requester: string): void {
    // A chat window wraps lines itself; keep each paragraph on one line for the tests to read.
    const text = renderText(out.card, { width: 10_000 });
    if (out.placement.kind === 'update') {
      const target = this.byId(out.placement.message);
      target.card = out.card;
      target.text = text;
      target.edits++;
      if (out.state !== undefined) target.state = out.state;
      else delete target.state;
      return;
    }
    // A thread on the triggering message, or the thread it already sits in.
    const root = trigger.thread ?? trigger.id;
    const thread = out.placement.kind === 'thread' ? root : trigger.thread;
    this.add({
      conversation: trigger.conversation,
      ...(thread !== undefined ? { thread } : {}),
      author: 'bot',
      text,
      card: out.card,
      ...(out.state !== undefined ? { state: out.state } : {}),
      files: out.files,
      attachments: [],
      ...(out.visibility === 'ephemeral' ? { visibleTo: requester } : {}),
      edits: 0,
    });
  }

  private add(message: Omit<ChatMessage, 'id'>): ChatMessage {
    const added: ChatMessage = { id: `m${this.nextId++}`, ...message };
    this.messages.push(added);
    return added;
  }
}
