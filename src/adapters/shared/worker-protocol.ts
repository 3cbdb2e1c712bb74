/** Messages between the main thread (worker-app.ts) and a core worker (app-worker.ts). */
import type { Reply } from '../../core/app/reply.js';
import type { AppRequest } from '../../core/app/request.js';

export interface WorkerSetup {
  knowledgeDir?: string;
}

/** An attachment without its byte stream; the worker asks for the bytes when the core opens it. */
export interface WireAttachment {
  name: string;
  size?: number;
  contentType?: string;
}

/** A request as it crosses to the worker: everything but the attachments' streams. */
export type WireRequest = Omit<AppRequest, 'attachments'>;

export type ToWorker =
  | { type: 'handle'; id: number; request: WireRequest; attachments: WireAttachment[] }
  | { type: 'chunk'; key: string; bytes: ArrayBuffer }
  | { type: 'end'; key: string }
  | { type: 'fail'; key: string; message: string };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'reply'; id: number; reply: Reply }
  | { type: 'open'; id: number; file: number; key: string }
  | { type: 'close'; key: string }
  | {
      type: 'log';
      message: string;
      stack?: string;
      platform: string;
      conversation: string;
      requestType: string;
    };
