/**
 * Runs inside a worker thread: loads the knowledge base, makes the core's
 * app and answers the requests the main thread passes in (see
 * worker-app.ts). Attachments are streamed from the main thread only when
 * the core opens them, so a shared screenshot the core ignores is never
 * downloaded. A reply returned to the main thread goes at once; its
 * pictures follow when drawn (see wire-reply.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createApp } from '../../core/app/handle.js';
import type { AppRequest, Attachment } from '../../core/app/request.js';
import type { DrawPictures } from '../../core/commands/diagnosis-pictures.js';
import { loadKnowledgeBase } from '../../core/knowledge/load-knowledge-base.js';
import { warmPictures } from '../../core/render/warm-pictures.js';
import { type PendingAt, replyToWire, transferable } from './wire-reply.js';
import type {
  CreateSender,
  FromWorker,
  ToWorker,
  WireAttachment,
  WorkerSetup,
  WorkerWarn,
} from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('app-worker.ts runs only as a worker thread');

const setup = workerData as WorkerSetup;

function post(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

const warn: WorkerWarn = (message, context) =>
  post({ type: 'warn', message, ...(context !== undefined ? { context } : {}) });

/** An opened attachment's chunks as they arrive from the main thread, and the reader waiting for them. */
interface Incoming {
  chunks: Uint8Array[];
  done: boolean;
  error?: string;
  wake?: () => void;
}

/** Opened attachments, by stream key. */
const streams = new Map<string, Incoming>();
let opened = 0;

function attachment(id: number, index: number, wire: WireAttachment): Attachment {
  return {
    name: wire.name,
    ...(wire.size !== undefined ? { size: wire.size } : {}),
    ...(wire.contentType !== undefined ? { contentType: wire.contentType } : {}),
    open: () => stream(id, index),
  };
}

async function* stream(id: number, file: number): AsyncGenerator<Uint8Array> {
  const key = `${id}:${file}:${opened++}`;
  const state: Incoming = { chunks: [], done: false };
  streams.set(key, state);
  post({ type: 'open', id, file, key });
  try {
    for (;;) {
      const chunk = state.chunks.shift();
      if (chunk !== undefined) {
        yield chunk;
        continue;
      }
      if (state.error !== undefined) throw new Error(state.error);
      if (state.done) return;
      await new Promise<void>((resolve) => {
        state.wake = resolve;
      });
    }
  } finally {
    streams.delete(key);
    // Tells the main thread to stop downloading when the core stopped reading early.
    post({ type: 'close', key });
  }
}

function fromWire(id: number, request: ToWorker & { type: 'handle' }): AppRequest {
  const attachments = request.attachments.map((a, i) => attachment(id, i, a));
  return { ...request.request, attachments } as AppRequest;
}

const kb = await loadKnowledgeBase(setup.knowledgeDir);
const drawPictures =
  setup.drawPictures === undefined
    ? undefined
    : ((await import(setup.drawPictures.module)) as { drawPictures: DrawPictures }).drawPictures;
const app = createApp({
  kb,
  ...(drawPictures !== undefined ? { drawPictures } : {}),
  onError: (error, request) =>
    post({
      type: 'log',
      message: error instanceof Error ? error.message : String(error),
      ...(error instanceof Error && error.stack !== undefined ? { stack: error.stack } : {}),
      platform: request.origin.platform,
      conversation: request.origin.conversation,
      requestType: request.type,
    }),
});

const send =
  setup.sender === undefined
    ? undefined
    : ((await import(setup.sender.module)) as { createSender: CreateSender }).createSender(
        setup.sender.options,
        warn,
      );

/** Answers a request: the reply goes back to the main thread, or out through the sender. */
async function answer(message: ToWorker & { type: 'handle' }): Promise<void> {
  const reply = await app.handle(fromWire(message.id, message));
  if (message.deliver === undefined || send === undefined) {
    // The card goes now; each message's pending files follow in a message of their own.
    const { wire, pending } = replyToWire(reply);
    post({ type: 'reply', id: message.id, reply: wire });
    for (const later of pending) void sendLater(message.id, later);
    return;
  }
  try {
    await send(reply, message.deliver);
    post({ type: 'delivered', id: message.id });
  } catch (error) {
    const data = (error as { data?: { error?: unknown } }).data;
    post({
      type: 'delivered',
      id: message.id,
      failure: {
        message: error instanceof Error ? error.message : String(error),
        code: typeof data?.error === 'string' ? data.error : '',
      },
    });
  }
}

/** Sends one message's pending files once they are made; they never fail to arrive. */
async function sendLater(id: number, later: PendingAt): Promise<void> {
  const made = await later.ready.catch((error: unknown) => ({
    files: [],
    failures: [error instanceof Error ? error.message : String(error)],
  }));
  const { files, transfer } = transferable(made.files);
  post({ type: 'files', id, message: later.message, files, failures: made.failures }, transfer);
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'handle':
      void answer(message);
      return;
    case 'chunk':
    case 'end':
    case 'fail': {
      const state = streams.get(message.key);
      if (state === undefined) return;
      if (message.type === 'chunk') state.chunks.push(new Uint8Array(message.bytes));
      else if (message.type === 'end') state.done = true;
      else state.error = message.message;
      state.wake?.();
      return;
    }
  }
});

post({ type: 'ready' });

// After `ready`, never before: start-up does not wait for pictures, and a
// renderer that will not load costs a warning, not the worker.
if (setup.warmPictures !== false)
  void warmPictures().catch((error: unknown) =>
    warn('pictures cannot be drawn in this worker; diagnoses will come without them', {
      error: error instanceof Error ? error.message : String(error),
    }),
  );
