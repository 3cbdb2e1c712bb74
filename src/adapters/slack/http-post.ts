/**
 * POST over node:http/https with keep-alive connections. On the answer path
 * it costs a fraction of the CPU of fetch (undici) per call, which matters
 * when every `/sip` answer is one Web API call and the acks share the CPU.
 *
 * A server closes an idle keep-alive connection when it likes; a request
 * written on it just then fails with "socket hang up" (ECONNRESET) before
 * the server read it. Such a request is sent again, once, on a new
 * connection: it was never processed, so nothing is posted twice. A busy
 * bot (a burst of pastes drawing pictures on one thread) lost answers to
 * exactly this before. The retry opens a connection of its own rather than
 * taking the next idle one from the pool: after a quiet spell the server
 * closes all of them at once, and the next pooled one was as dead as the
 * first (the load bench's first request after a pause failed twice so).
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxSockets: 64 }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
};

export interface PostResult {
  status: number;
  retryAfter: string | undefined;
  body: string;
}

export function httpPost(
  url: string,
  headers: Record<string, string>,
  body: string | Uint8Array,
  timeoutMs: number,
): Promise<PostResult> {
  const target = new URL(url);
  const secure = target.protocol === 'https:';
  if (!secure && target.protocol !== 'http:')
    return Promise.reject(new Error(`cannot post to ${target.protocol} URLs`));
  const pooled = agents[secure ? 'https:' : 'http:'];
  return postOnce(target, secure, pooled, headers, body, timeoutMs).catch((error: unknown) => {
    if (!(error instanceof StaleConnectionError)) throw error;
    // `agent: false`: a new connection, whatever the pool holds.
    return postOnce(target, secure, false, headers, body, timeoutMs);
  });
}

/** A request that failed on a reused connection the server had already closed. */
class StaleConnectionError extends Error {}

function postOnce(
  target: URL,
  secure: boolean,
  agent: HttpAgent | false,
  headers: Record<string, string>,
  body: string | Uint8Array,
  timeoutMs: number,
): Promise<PostResult> {
  const send = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = send(
      target,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: timeoutMs,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`no answer from ${target.host} in ${timeoutMs} ms`)),
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      const stale =
        !answered && req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
      reject(stale ? new StaleConnectionError(error.message, { cause: error }) : error);
    });
    req.end(body);
  });
}
