/**
 * What the core answers with: the messages to send, each a neutral card
 * with where it goes, who sees it, the files that go with it, and the state
 * it carries (a checklist) for the platform to keep in the message.
 */
import type { Card } from '../card.js';

/**
 * `reply`: in the conversation the request came from (the answer to a command);
 * `thread`: in a thread on the request's message (or the thread it was in);
 * `update`: replaces an earlier message (a checklist after a tick).
 */
export type Placement =
  | { kind: 'reply' }
  | { kind: 'thread' }
  | { kind: 'update'; message: string };

export interface OutgoingFile {
  name: string;
  contentType: string;
  content: string | Uint8Array;
  /** What the file is, for people ("Call flow", "Open report"): a title or alt text where the platform shows one. */
  title?: string;
}

/** Files that were still being made when the card was ready (a diagnosis's pictures). */
export interface LaterFiles {
  files: OutgoingFile[];
  /** Why a file that was asked for is missing, one sentence each, for people to read. */
  failures: string[];
}

/**
 * Files on their way. The card does not wait for them: a face that can add
 * to a message it already sent (a thread, an edit) sends the card first and
 * the files when `ready` resolves; any other face awaits them first
 * (settle-reply.ts). `ready` never rejects: a file that could not be made is
 * one of its `failures`.
 */
export interface PendingFiles {
  /** The names of the files being made, known up front (a face that cannot take files can name them at once). */
  names: readonly string[];
  ready: Promise<LaterFiles>;
  /**
   * For a face that will not send them (an answer only the asker sees, an
   * edit): drawing that has not started yet does not start, and `ready`
   * resolves with no files. Absent where the drawing cannot be stopped.
   */
  cancel?: () => void;
}

export interface OutgoingMessage {
  card: Card;
  placement: Placement;
  /** `ephemeral`: only the requester sees it, where the platform can do that. */
  visibility: 'public' | 'ephemeral';
  files: OutgoingFile[];
  /** More files, still being made when the message was handed out. */
  later?: PendingFiles;
  /** Opaque state to keep with the message and hand back with its actions. */
  state?: string;
}

export interface Reply {
  messages: OutgoingMessage[];
}

/** No answer at all (a channel message with nothing SIP in it). */
export const NO_REPLY: Reply = Object.freeze({ messages: [] }) as Reply;

export function single(
  card: Card,
  placement: Placement = { kind: 'reply' },
  extra: Partial<Pick<OutgoingMessage, 'visibility' | 'files' | 'state'>> = {},
): Reply {
  return {
    messages: [
      {
        card,
        placement,
        visibility: extra.visibility ?? 'public',
        files: extra.files ?? [],
        ...(extra.state !== undefined ? { state: extra.state } : {}),
      },
    ],
  };
}
