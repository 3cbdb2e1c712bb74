/**
 * httpPost over keep-alive connections: a request that fails on a reused
 * connection before any answer (the server closed it as the request went
 * out) is sent again on a new one, never on another pooled one; a request
 * that fails on a new connection is not.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpPost } from '../../../src/adapters/slack/http-post.js';

const OK =
  'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\nconnection: keep-alive\r\n\r\n{"ok":true}';

let server: Server | undefined;
const sockets = new Set<Socket>();
afterEach(async () => {
  // The client keeps its connections alive: close them, or close() waits for them.
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/**
 * A server that answers the first request of each connection and closes
 * the connection without a word on the second, as a server does when its
 * keep-alive timeout ends just as a request arrives. It counts the
 * requests it read.
 */
async function listen(): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  server = createServer((socket: Socket) => {
    sockets.add(socket);
    let seen = 0;
    socket.on('data', (chunk) => {
      // One request per chunk here: the bodies are tiny.
      if (!chunk.toString('latin1').startsWith('POST ')) return;
      seen++;
      requests++;
      if (seen === 1) socket.write(OK);
      else socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}/api/chat.postMessage`, requests: () => requests };
}

describe('httpPost', () => {
  it('sends a request again on a new connection when the reused one was closed under it', async () => {
    const { url, requests } = await listen();
    const first = await httpPost(url, { 'content-type': 'application/json' }, '{}', 5_000);
    expect(first.status).toBe(200);
    // The kept-alive connection is reused; the server drops it: the request goes out once more.
    const second = await httpPost(url, { 'content-type': 'application/json' }, '{}', 5_000);
    expect(second).toEqual({ status: 200, retryAfter: undefined, body: '{"ok":true}' });
    expect(requests()).toBe(3);
  });

  it('sends it again on a connection of its own, not on the next idle one, which may be as dead', async () => {
    const { url, requests } = await listen();
    // Two requests at once leave two kept-alive connections in the pool.
    const firsts = await Promise.all(
      [1, 2].map(() => httpPost(url, { 'content-type': 'application/json' }, '{}', 5_000)),
    );
    expect(firsts.map((r) => r.status)).toEqual([200, 200]);
    // The server drops both on their next request (as after a quiet spell): the retry must
    // not take the second one from the pool.
    const after = await httpPost(url, { 'content-type': 'application/json' }, '{}', 5_000);
    expect(after.status).toBe(200);
    expect(requests()).toBe(4);
  });

  it('does not send again when a new connection fails', async () => {
    server = createServer((socket: Socket) => socket.destroy());
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', () => resolve()));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    await expect(
      httpPost(`http://127.0.0.1:${address.port}/api/x`, {}, '{}', 5_000),
    ).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});
