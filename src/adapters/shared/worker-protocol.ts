/** Messages between the main thread (worker-app.ts) and a core worker (app-worker.ts). */
import type { OutgoingFile, OutgoingMessage, Reply } from '../../core/app/reply.js';
import type { AppRequest } from '../../core/app/request.js';

export interface WorkerSetup {
  knowledgeDir?: string;
  /**
   * A module the worker loads to send replies itself (a chat platform's
   * outbox), and its options: `createSender(options, warn)` returns
   * `(reply, target) => Promise<void>`. Without it replies go back to the
   * main thread.
   */
  sender?: { module: string; options: unknown };
  /**
   * Load the PNG renderer and its fonts in the background once the worker
   * is ready, so the first diagnosis does not wait for them (default true;
   * false when the bot draws no PNG).
   */
  warmPictures?: boolean;
  /**
   * A module whose `drawPictures` export draws a diagnosis's pictures in
   * place of the renderers (as createApp's `drawPictures`); tests use it to
   * hold the drawing while they act on the worker.
   */
  drawPictures?: { module: string };
}

/** Logs a warning on the main thread (a worker has no logger of its own). */
export type WorkerWarn = (message: string, context?: Record<string, unknown>) => void;

/** What a sender module exports; `warn` reports what went wrong without failing the send. */
export type CreateSender = (
  options: unknown,
  warn: WorkerWarn,
) => (reply: Reply, target: unknown) => Promise<void>;

/** An attachment without its byte stream; the worker asks for the bytes when the core opens it. */
export interface WireAttachment {
  name: string;
  size?: number;
  contentType?: string;
}

/** A request as it crosses to the worker: everything but the attachments' streams. */
export type WireRequest = Omit<AppRequest, 'attachments'>;

/**
 * A message as it crosses to the main thread: pending files cannot be
 * cloned, so only their names go with it; a `files` message brings them.
 */
export type WireMessage = Omit<OutgoingMessage, 'later'> & { later?: { names: readonly string[] } };

export interface WireReply {
  messages: WireMessage[];
}

export type ToWorker =
  | {
      type: 'handle';
      id: number;
      request: WireRequest;
      attachments: WireAttachment[];
      /** Send the reply from the worker to this target instead of returning it. */
      deliver?: unknown;
    }
  | { type: 'chunk'; key: string; bytes: ArrayBuffer }
  | { type: 'end'; key: string }
  | { type: 'fail'; key: string; message: string };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'reply'; id: number; reply: WireReply }
  /** The pending files of message `message` of reply `id`, once made (their bytes transferred). */
  | { type: 'files'; id: number; message: number; files: OutgoingFile[]; failures: string[] }
  | { type: 'delivered'; id: number; failure?: { message: string; code: string } }
  | { type: 'open'; id: number; file: number; key: string }
  | { type: 'close'; key: string }
  /** Something the main thread should log as a warning (a file that could not be sent, pictures that cannot be drawn). */
  | { type: 'warn'; message: string; context?: Record<string, unknown> }
  | {
      type: 'log';
      message: string;
      stack?: string;
      platform: string;
      conversation: string;
      requestType: string;
    };
