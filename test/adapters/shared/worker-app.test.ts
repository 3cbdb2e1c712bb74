/**
 * The core's handle in worker threads: the same answers as in-process,
 * attachments streamed from the main thread only when the core opens them,
 * pictures following their card in a message of their own, and a worker
 * that dies answered for and replaced.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerApp } from '../../../src/adapters/shared/worker-app.js';
import type { AppRequest, Attachment } from '../../../src/core/app/request.js';
import { createLogger } from '../../../src/logger.js';
import { realFixturesDir } from '../../fixtures/real/load.js';

/** A renderer that never finishes (test/support/held-pictures.ts), loaded by the worker. */
const HELD_PICTURES = new URL('../../support/held-pictures.ts', import.meta.url).href;

const origin = { platform: 'slack', user: { id: 'U1' }, conversation: 'C1' };
const raw = readFileSync(
  fileURLToPath(new URL('../../fixtures/pastes/raw.txt', import.meta.url)),
  'utf8',
);

function counted(name: string, bytes: Buffer): Attachment & { opens: number } {
  const file = {
    name,
    size: bytes.byteLength,
    opens: 0,
    async *open() {
      file.opens++;
      // Several chunks, as a download arrives.
      for (let i = 0; i < bytes.byteLength; i += 4096) yield bytes.subarray(i, i + 4096);
    },
  };
  return file;
}

let app: WorkerApp;
const logs: string[] = [];
beforeAll(async () => {
  app = new WorkerApp({ logger: createLogger('debug', (l) => logs.push(l)), workers: 2 });
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app?.stop();
});

describe('the core in worker threads', () => {
  it('explains and diagnoses as the in-process core does', async () => {
    const explained = await app.handle({ type: 'command', text: '/sip 403', origin });
    expect(explained.messages[0]?.card.title).toBe('403 Forbidden');
    const diagnosed = await app.handle({ type: 'message', text: raw, origin });
    expect(diagnosed.messages[0]?.card.title).toMatch(/failed: 486 Busy Here/);
    expect(diagnosed.messages[0]?.placement).toEqual({ kind: 'thread' });
  });

  it('streams a capture in only when the core opens it; other files are never read', async () => {
    const pcap = counted(
      'edge.pcap',
      readFileSync(`${realFixturesDir}kamailio-call-failures.pcap`),
    );
    const photo = counted('whiteboard.png', Buffer.alloc(10_000));
    const request: AppRequest = {
      type: 'message',
      text: 'capture attached',
      attachments: [photo, pcap],
      origin,
    };
    const reply = await app.handle(request);
    expect(reply.messages[0]?.card.title).toMatch(/failed: 404 Not Found/);
    expect(pcap.opens).toBe(1);
    expect(photo.opens).toBe(0);
  });

  it('tells the core when a download fails, and the core says so', async () => {
    const broken: Attachment = {
      name: 'trace.pcap',
      size: 100,
      open: async function* () {
        yield new Uint8Array(10);
        throw new Error('connection reset by Slack');
      },
    };
    const reply = await app.handle({ type: 'message', text: '', attachments: [broken], origin });
    expect(reply.messages[0]?.card.title).toBe('Could not read trace.pcap');
    expect(reply.messages[0]?.card.summary).toContain('connection reset by Slack');
  });

  it('returns the card at once and its pictures after, bytes and all, in the same Reply shape', async () => {
    const reply = await app.handle({ type: 'message', text: raw, origin });
    const [message] = reply.messages;
    expect(message?.card.title).toMatch(/failed: 486 Busy Here/);
    expect(message?.files).toEqual([]);
    expect(message?.later?.names).toEqual(['call-flow.png', 'sip-triage-report.html']);
    const ready = message?.later?.ready;
    if (ready === undefined) throw new Error('no pictures pending');
    // The reply did not wait for them: they arrive in a message of their own, later.
    const first = await Promise.race([ready.then(() => 'drawn'), Promise.resolve('pending')]);
    expect(first).toBe('pending');
    const { files, failures } = await ready;
    expect(failures).toEqual([]);
    expect(files.map((f) => [f.name, f.contentType, f.title])).toEqual([
      ['call-flow.png', 'image/png', 'Call flow'],
      ['sip-triage-report.html', 'text/html', 'Open report'],
    ]);
    const png = files[0]?.content;
    expect(png).toBeInstanceOf(Uint8Array);
    expect(PNG.sync.read(Buffer.from(png as Uint8Array)).width).toBeGreaterThanOrEqual(560);
    expect(String(files[1]?.content)).toMatch(/^<!doctype html>/i);
  });

  it('pictures lost with their worker resolve with the reason instead of hanging', async () => {
    // The worker's drawing never finishes, so it is surely still drawing when it is stopped.
    const held = new WorkerApp({
      logger: createLogger('error', () => undefined),
      workers: 1,
      drawPictures: { module: HELD_PICTURES },
    });
    try {
      await held.ready();
      const slots = (held as unknown as { slots: { worker: { terminate(): Promise<number> } }[] })
        .slots;
      const reply = await held.handle({ type: 'message', text: raw, origin });
      await Promise.all(slots.map((s) => s.worker.terminate()));
      expect(await reply.messages[0]?.later?.ready).toEqual({
        files: [],
        failures: ['The pictures were lost: the worker drawing them stopped.'],
      });
      await held.ready();
    } finally {
      await held.stop();
    }
  }, 60_000);

  it('pictures that take longer than picturesTimeoutMs resolve as failed', async () => {
    const impatient = new WorkerApp({
      logger: createLogger('error', () => undefined),
      workers: 1,
      picturesTimeoutMs: 50,
      drawPictures: { module: HELD_PICTURES },
    });
    try {
      await impatient.ready();
      const reply = await impatient.handle({ type: 'message', text: raw, origin });
      expect(reply.messages[0]?.card.title).toMatch(/failed: 486 Busy Here/);
      expect(await reply.messages[0]?.later?.ready).toEqual({
        files: [],
        failures: ['The pictures took too long to draw.'],
      });
    } finally {
      await impatient.stop();
    }
  }, 60_000);

  it('answers the requests of a worker that died, and replaces it', async () => {
    const slots = (app as unknown as { slots: { worker: { terminate(): Promise<number> } }[] })
      .slots;
    const pending = app.handle({ type: 'message', text: raw.repeat(200), origin });
    await Promise.all(slots.map((s) => s.worker.terminate()));
    const reply = await pending;
    expect(reply.messages[0]?.card.title).toBe('Something went wrong');
    await app.ready();
    const after = await app.handle({ type: 'command', text: '486', origin });
    expect(after.messages[0]?.card.title).toBe('486 Busy Here');
    expect(logs.some((l) => l.includes('core worker exited'))).toBe(true);
  }, 60_000);

  it('sends the answer from the worker through its sender, and reports a refused send with its code', async () => {
    const received: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        received.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    const lines: string[] = [];
    const sending = new WorkerApp({
      logger: createLogger('warn', (l) => lines.push(l)),
      workers: 1,
      sender: {
        module: new URL('../../support/recording-sender.ts', import.meta.url).href,
        options: {},
      },
    });
    try {
      await sending.ready();
      await sending.handleAndDeliver({ type: 'command', text: '403', origin }, { url });
      expect(received).toEqual([JSON.stringify(['403 Forbidden'])]);
      const refused = sending.handleAndDeliver(
        { type: 'command', text: '403', origin },
        { url, fail: 'not_in_channel' },
      );
      await expect(refused).rejects.toMatchObject({ data: { error: 'not_in_channel' } });
      // A sender's warning (a file it could not send) is logged on this thread; the send goes on.
      await sending.handleAndDeliver(
        { type: 'message', text: raw, origin },
        { url, warn: 'could not share the files' },
      );
      const warning = JSON.parse(lines.find((l) => l.includes('could not share')) ?? '{}');
      expect(warning).toMatchObject({
        level: 'warn',
        message: 'could not share the files',
        files: ['call-flow.png', 'sip-triage-report.html'],
      });
      // The renderer warmed in the background after `ready` without a complaint.
      expect(lines.join('')).not.toContain('pictures cannot be drawn');
    } finally {
      await sending.stop();
      server.close();
    }
  }, 60_000);
});
