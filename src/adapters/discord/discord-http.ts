/**
 * Discord's HTTP interactions endpoint, the other way Discord delivers
 * slash commands and clicks (instead of the gateway): POST
 * /discord/interactions, each request signed with the application's
 * Ed25519 key over timestamp + raw body. A bad or missing signature, or a
 * timestamp more than five minutes off, gets 401 before anything is read; PING gets PONG; everything else goes to the
 * same handler as the gateway's interactions, whose initial response
 * becomes this request's HTTP response.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** DER prefix that turns Discord's raw 32-byte key into an SPKI Ed25519 public key. */
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');
/** Interaction payloads are small; anything bigger is not from Discord. */
const MAX_BODY = 1024 * 1024;
/** Discord needs the initial response within 3 s; answer before it gives up. */
const INITIAL_DEADLINE_MS = 2_900;

export const INTERACTIONS_PATH = '/discord/interactions';

export function publicKeyFromHex(hex: string): KeyObject {
  return createPublicKey({
    key: Buffer.concat([SPKI_ED25519, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/** Signed requests older than this (or this far ahead) are refused: a captured one cannot be replayed later. */
const MAX_CLOCK_SKEW_S = 5 * 60;

export function verifySignature(
  key: KeyObject,
  timestamp: string | undefined,
  body: Buffer,
  signatureHex: string | undefined,
  nowMs: number = Date.now(),
): boolean {
  if (timestamp === undefined || signatureHex === undefined) return false;
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_S) return false;
  if (!/^[0-9a-f]{128}$/i.test(signatureHex)) return false;
  return verify(
    null,
    Buffer.concat([Buffer.from(timestamp, 'utf8'), body]),
    key,
    Buffer.from(signatureHex, 'hex'),
  );
}

/**
 * Called with each verified interaction; `respond` sends the initial
 * response (once) as the HTTP response. If the handler has not responded
 * within Discord's deadline the request is answered with a deferral of
 * `fallback` kind, so Discord never shows "the application did not respond".
 */
export type InteractionHandler = (
  payload: unknown,
  respond: (body: { type: number; data?: unknown }) => Promise<void>,
) => void;

export interface InteractionServerOptions {
  publicKey: string;
  onInteraction: InteractionHandler;
  onError?: (error: unknown) => void;
}

export function createInteractionServer(options: InteractionServerOptions): Server {
  const key = publicKeyFromHex(options.publicKey);
  return createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') return end(res, 200, 'ok\n', 'text/plain');
    if (req.method !== 'POST' || req.url?.split('?')[0] !== INTERACTIONS_PATH)
      return end(res, 404, '{"error":"not found"}');
    readBody(req).then(
      (body) => {
        if (body === undefined) return end(res, 413, '{"error":"body too large"}');
        const signature = header(req, 'x-signature-ed25519');
        const timestamp = header(req, 'x-signature-timestamp');
        if (!verifySignature(key, timestamp, body, signature))
          return end(res, 401, '{"error":"invalid request signature"}');
        let payload: unknown;
        try {
          payload = JSON.parse(body.toString('utf8'));
        } catch {
          return end(res, 400, '{"error":"body is not JSON"}');
        }
        if ((payload as { type?: unknown })?.type === 1) return end(res, 200, '{"type":1}');
        answer(res, payload, options);
      },
      (error: unknown) => {
        options.onError?.(error);
        if (!res.headersSent) end(res, 400, '{"error":"could not read the request"}');
      },
    );
  });
}

function answer(res: ServerResponse, payload: unknown, options: InteractionServerOptions): void {
  let sent = false;
  const send = (body: { type: number; data?: unknown }): Promise<void> => {
    if (sent) return Promise.reject(new Error('the initial response was already sent'));
    sent = true;
    clearTimeout(timer);
    // Resolved once written out: a follow-up must not reach Discord before this answer does.
    const written = new Promise<void>((resolve) => res.once('finish', () => resolve()));
    end(res, 200, JSON.stringify(body));
    return written;
  };
  // A component click defers as an update (the message stays); anything else as a reply.
  const type = (payload as { type?: unknown })?.type;
  const timer = setTimeout(() => {
    if (!sent) void send({ type: type === 3 ? 6 : 5 });
  }, INITIAL_DEADLINE_MS);
  try {
    options.onInteraction(payload, send);
  } catch (error) {
    options.onError?.(error);
    if (!sent)
      void send({
        type: 4,
        data: { content: 'sip-triage could not read that interaction.', flags: 64 },
      });
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function end(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
