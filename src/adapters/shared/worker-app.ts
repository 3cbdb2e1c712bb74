/**
 * The core's `handle`, run in worker threads. A chat adapter acknowledges
 * on the main thread within the platform's deadline (Slack and Discord give
 * 3 s) while parsing and diagnosing are CPU work that can take a second on
 * a large capture: here that work never holds up another person's ack.
 *
 * Requests go to the least busy worker (one holding a file counts as busy
 * whatever else it has), except checklist ticks, which all
 * go to the first one: it keeps the memory that merges two ticks racing on
 * one message (see checklist-memory.ts). A worker that dies is replaced;
 * the requests it held are answered with the core's friendly error.
 */

import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { failedReply } from '../../core/app/failed-reply.js';
import type { App } from '../../core/app/handle.js';
import type { LaterFiles, Reply } from '../../core/app/reply.js';
import type { AppRequest, Attachment } from '../../core/app/request.js';
import { errorContext, type Logger } from '../../logger.js';
import { replyFromWire } from './wire-reply.js';
import type {
  FromWorker,
  ToWorker,
  WireReply,
  WireRequest,
  WorkerSetup,
} from './worker-protocol.js';

export interface WorkerAppOptions extends WorkerSetup {
  logger: Logger;
  /** Worker threads; default: two, or one on a single core. */
  workers?: number;
  /** How long a reply's pictures may take after its card before they count as failed (default 60 s). */
  picturesTimeoutMs?: number;
}

const PICTURES_TIMEOUT_MS = 60_000;

/** How a request ended: its reply (returned, or the friendly error), or that it was sent, or why sending failed. */
interface Outcome {
  reply?: Reply;
  failure?: { message: string; code: string };
}

interface Pending {
  resolve(outcome: Outcome): void;
  /** It brought files (a capture may take seconds): other work avoids its worker. */
  heavy: boolean;
  attachments: readonly Attachment[];
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  pending: Map<number, Pending>;
  /** Downloads running for this worker, by stream key; closing one stops it. */
  downloads: Map<string, AbortController>;
  /** Pending files of replies already handed out, by `id:message`: what resolves them. */
  later: Map<string, (files: LaterFiles) => void>;
}

/** The worker module, and how to start it: compiled JavaScript, or TypeScript through tsx when run from source. */
function workerEntry(): { url: URL; viaTsx: boolean } {
  const here = import.meta.url;
  const ts = here.endsWith('.ts');
  return { url: new URL(ts ? './app-worker.ts' : './app-worker.js', here), viaTsx: ts };
}

function spawn(setup: WorkerSetup): Worker {
  const { url, viaTsx } = workerEntry();
  if (!viaTsx) return new Worker(url, { workerData: setup });
  // Running from source (tests, `npm run dev`): register tsx inside the worker first.
  const tsxDir = createRequire(import.meta.url)
    .resolve('tsx/package.json')
    .replace(/package\.json$/, '');
  const api = pathToFileURL(`${tsxDir}dist/esm/api/index.mjs`).href;
  const code = `const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(url.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), {
    workerData: setup,
  });
}

export class WorkerApp implements App {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private stopping = false;

  constructor(private readonly options: WorkerAppOptions) {
    const count = options.workers ?? Math.min(2, availableParallelism());
    for (let i = 0; i < Math.max(1, count); i++) this.slots.push(this.start());
  }

  /** Resolves once every worker has loaded the knowledge base. */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  async handle(request: AppRequest): Promise<Reply> {
    const outcome = await this.dispatch(request, undefined);
    return outcome.reply ?? failedReply();
  }

  /**
   * Works out the answer and sends it from the worker, through the sender
   * module given at construction, to `target` (a chat platform's idea of
   * where the request came from). Rejects when sending failed; the error's
   * `data.error` is the platform's error code.
   */
  async handleAndDeliver(request: AppRequest, target: unknown): Promise<void> {
    if (this.options.sender === undefined) throw new Error('this WorkerApp has no sender');
    const outcome = await this.dispatch(request, target);
    if (outcome.failure !== undefined)
      throw Object.assign(
        new Error(outcome.failure.message),
        outcome.failure.code !== '' ? { data: { error: outcome.failure.code } } : {},
      );
    if (outcome.reply !== undefined)
      throw new Error('the worker stopped before sending the answer');
  }

  private async dispatch(request: AppRequest, deliver: unknown): Promise<Outcome> {
    const slot = this.pick(request);
    await slot.ready.catch(() => undefined);
    const id = this.nextId++;
    const attachments = request.attachments ?? [];
    const { attachments: _streams, ...rest } = request as AppRequest & { attachments?: unknown };
    const message: ToWorker = {
      type: 'handle',
      id,
      request: rest as WireRequest,
      attachments: attachments.map((a) => ({
        name: a.name,
        ...(a.size !== undefined ? { size: a.size } : {}),
        ...(a.contentType !== undefined ? { contentType: a.contentType } : {}),
      })),
      ...(deliver !== undefined ? { deliver } : {}),
    };
    return new Promise<Outcome>((resolve) => {
      slot.pending.set(id, { resolve, attachments, heavy: attachments.length > 0 });
      try {
        slot.worker.postMessage(message);
      } catch {
        slot.pending.delete(id);
        resolve({ reply: failedReply() });
      }
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private pick(request: AppRequest): Slot {
    const tick =
      request.type === 'action' && (request.action.id === 'tick' || request.action.id === 'untick');
    if (tick) return this.slots[0] as Slot;
    // The worker with the least work, where a request with files outweighs any number of lookups.
    const load = (s: Slot): number => {
      let heavy = 0;
      for (const p of s.pending.values()) if (p.heavy) heavy++;
      return heavy * 1_000_000 + s.pending.size;
    };
    return this.slots.reduce((best, s) => (load(s) < load(best) ? s : best));
  }

  private start(): Slot {
    const worker = spawn({
      ...(this.options.knowledgeDir !== undefined
        ? { knowledgeDir: this.options.knowledgeDir }
        : {}),
      ...(this.options.sender !== undefined ? { sender: this.options.sender } : {}),
      ...(this.options.warmPictures !== undefined
        ? { warmPictures: this.options.warmPictures }
        : {}),
      ...(this.options.drawPictures !== undefined
        ? { drawPictures: this.options.drawPictures }
        : {}),
    });
    let markReady: () => void = () => undefined;
    let markFailed: (e: Error) => void = () => undefined;
    const slot: Slot = {
      worker,
      ready: new Promise<void>((resolve, reject) => {
        markReady = resolve;
        markFailed = reject;
      }),
      pending: new Map(),
      downloads: new Map(),
      later: new Map(),
    };
    let started = false;
    worker.on('message', (message: FromWorker) =>
      this.receive(slot, message, () => {
        started = true;
        markReady();
      }),
    );
    worker.on('error', (error) => {
      // Before it is ready, the error is the knowledge base's problems: ready() reports them.
      if (started) this.options.logger.error('core worker failed', errorContext(error));
      markFailed(error);
    });
    worker.on('exit', (code) => {
      // A worker that never started (an invalid knowledge base) would fail again: no restart.
      if (started) this.replace(slot, code);
      else markFailed(new Error(`a core worker stopped while loading (exit code ${code})`));
    });
    return slot;
  }

  private replace(slot: Slot, code: number): void {
    for (const download of slot.downloads.values()) download.abort();
    for (const pending of slot.pending.values()) pending.resolve({ reply: failedReply() });
    slot.pending.clear();
    for (const resolve of slot.later.values())
      resolve({
        files: [],
        failures: ['The pictures were lost: the worker drawing them stopped.'],
      });
    slot.later.clear();
    if (this.stopping) return;
    this.options.logger.error('core worker exited; starting another', { code });
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots[index] = this.start();
  }

  private receive(slot: Slot, message: FromWorker, markReady: () => void): void {
    switch (message.type) {
      case 'ready':
        markReady();
        return;
      case 'reply': {
        const pending = slot.pending.get(message.id);
        slot.pending.delete(message.id);
        pending?.resolve({ reply: this.rebuild(slot, message.id, message.reply) });
        return;
      }
      case 'files': {
        const key = `${message.id}:${message.message}`;
        const resolve = slot.later.get(key);
        slot.later.delete(key);
        resolve?.({ files: message.files, failures: message.failures });
        return;
      }
      case 'delivered': {
        const pending = slot.pending.get(message.id);
        slot.pending.delete(message.id);
        pending?.resolve(message.failure !== undefined ? { failure: message.failure } : {});
        return;
      }
      case 'warn':
        this.options.logger.warn(message.message, message.context ?? {});
        return;
      case 'log':
        this.options.logger.error('could not answer a request', {
          error: message.message,
          stack: message.stack,
          platform: message.platform,
          conversation: message.conversation,
          type: message.requestType,
        });
        return;
      case 'open': {
        const attachment = slot.pending.get(message.id)?.attachments[message.file];
        if (attachment === undefined) {
          slot.worker.postMessage({
            type: 'fail',
            key: message.key,
            message: 'the file is gone',
          } satisfies ToWorker);
          return;
        }
        void this.pump(slot, message.key, attachment);
        return;
      }
      case 'close':
        slot.downloads.get(message.key)?.abort();
        return;
    }
  }

  /**
   * The worker's reply with a promise for each message's pending files,
   * resolved by its `files` message, or with a failure when the worker
   * stops first or the files take longer than picturesTimeoutMs: a face
   * awaiting them never hangs.
   */
  private rebuild(slot: Slot, id: number, wire: WireReply): Reply {
    const timeout = this.options.picturesTimeoutMs ?? PICTURES_TIMEOUT_MS;
    return replyFromWire(
      wire,
      (message) =>
        new Promise<LaterFiles>((resolve) => {
          const key = `${id}:${message}`;
          const timer = setTimeout(() => {
            slot.later.delete(key);
            resolve({ files: [], failures: ['The pictures took too long to draw.'] });
          }, timeout);
          timer.unref();
          slot.later.set(key, (files) => {
            clearTimeout(timer);
            resolve(files);
          });
        }),
    );
  }

  /** Streams one attachment's bytes to the worker until it ends, fails, or the worker stops reading. */
  private async pump(slot: Slot, key: string, attachment: Attachment): Promise<void> {
    const abort = new AbortController();
    slot.downloads.set(key, abort);
    const send = (m: ToWorker, transfer: ArrayBuffer[] = []) =>
      slot.worker.postMessage(m, transfer);
    try {
      for await (const chunk of attachment.open()) {
        if (abort.signal.aborted) return;
        const copy = chunk.slice();
        send({ type: 'chunk', key, bytes: copy.buffer as ArrayBuffer }, [
          copy.buffer as ArrayBuffer,
        ]);
      }
      send({ type: 'end', key });
    } catch (error) {
      if (!abort.signal.aborted)
        send({
          type: 'fail',
          key,
          message: error instanceof Error ? error.message : String(error),
        });
    } finally {
      slot.downloads.delete(key);
    }
  }
}
