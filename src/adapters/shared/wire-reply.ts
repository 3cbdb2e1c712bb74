/**
 * A reply taken apart to cross between threads and put back together. A
 * promise cannot be structured-cloned: the worker sends the reply with the
 * names of its pending files, then each message's files in a message of
 * their own when they are made; the main thread hands out the same Reply
 * shape, its pending files resolved by that second message.
 */
import type { LaterFiles, OutgoingFile, OutgoingMessage, Reply } from '../../core/app/reply.js';
import type { WireMessage, WireReply } from './worker-protocol.js';

/** The pending files of one message of a reply, by its index. */
export interface PendingAt {
  message: number;
  ready: Promise<LaterFiles>;
}

/** The reply without its promises, and the promises by message index (worker side). */
export function replyToWire(reply: Reply): { wire: WireReply; pending: PendingAt[] } {
  const pending: PendingAt[] = [];
  const messages = reply.messages.map((out, message): WireMessage => {
    if (out.later === undefined) return out;
    const { later, ...rest } = out;
    pending.push({ message, ready: later.ready });
    return { ...rest, later: { names: later.names } };
  });
  return { wire: { messages }, pending };
}

/** The reply again, each pending message's files from `later(index)` (main thread side). */
export function replyFromWire(
  wire: WireReply,
  later: (message: number) => Promise<LaterFiles>,
): Reply {
  return {
    messages: wire.messages.map((out, message): OutgoingMessage => {
      const { later: pending, ...rest } = out;
      if (pending === undefined) return rest;
      return { ...rest, later: { names: pending.names, ready: later(message) } };
    }),
  };
}

/**
 * The files with their bytes in buffers of their own, and those buffers to
 * transfer: one copy here instead of the two a structured clone makes, and
 * never a transfer of memory the worker may still use (a Buffer from a
 * pool, a renderer's own memory).
 */
export function transferable(files: readonly OutgoingFile[]): {
  files: OutgoingFile[];
  transfer: ArrayBuffer[];
} {
  const transfer: ArrayBuffer[] = [];
  const copies = files.map((file): OutgoingFile => {
    if (typeof file.content === 'string') return file;
    const bytes = new Uint8Array(file.content);
    transfer.push(bytes.buffer);
    return { ...file, content: bytes };
  });
  return { files: copies, transfer };
}
