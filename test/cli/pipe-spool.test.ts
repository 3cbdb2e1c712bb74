/**
 * A capture piped in is drained into a temporary file with no name
 * (pipe-spool.ts) before any of it is handed on, then handed on unchanged
 * from there in blocks, each registered where it lies in the spool, which
 * gives the bytes back; while it drains, the source may read into one
 * buffer; it is drained only to just past the input limit; a write that
 * fails hands on what was spooled and the rest from memory; a spool that
 * cannot be read back ends the input there, and says so; a paste and
 * gzip'd input are not spooled; without a place for the spool the chunks
 * simply pass; the named fallback leaves no file behind; a real process
 * reading a named pipe keeps its capture's payloads in the spool and closes
 * the spool once its messages are gone.
 */
import { execFile, execFileSync } from 'node:child_process';
import {
  closeSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpusFile } from '../../bench/sip/write-corpus.js';
import { openSpool, SPOOL_BLOCK_BYTES, spoolPipe } from '../../src/cli/pipe-spool.js';

const PIECE = 64 * 1024;
let dir: string;
let capture: Uint8Array;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sip-triage-spool-'));
  const path = join(dir, 'busy-proxy.pcap');
  writeCorpusFile(path, 2_000, 'interleaved');
  capture = new Uint8Array(readFileSync(path));
  rmSync(path);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * `bytes` in pieces of 64 KiB, each in a buffer of its own, as pipe-input.ts
 * reads them; `state.pulled` counts the pieces taken, `state.closed` says
 * whether the reader let the source go (it ended or was returned).
 */
function piecesOf(
  bytes: Uint8Array,
): AsyncGenerator<Uint8Array> & { state: { pulled: number; closed: boolean } } {
  const state = { pulled: 0, closed: false };
  async function* pieces(): AsyncGenerator<Uint8Array> {
    try {
      for (let at = 0; at < bytes.byteLength; at += PIECE) {
        state.pulled++;
        yield Uint8Array.prototype.slice.call(bytes.subarray(at, at + PIECE));
      }
    } finally {
      state.closed = true;
    }
  }
  return Object.assign(pieces(), { state });
}

/** Every chunk `chunks` hands on, checked as it comes by `each` (the chunk and its position). */
async function collect(
  chunks: AsyncIterable<Uint8Array>,
  each: (chunk: Uint8Array, position: number) => void = () => {},
): Promise<Uint8Array[]> {
  const taken: Uint8Array[] = [];
  let position = 0;
  for await (const chunk of chunks) {
    each(chunk, position);
    taken.push(chunk);
    position += chunk.byteLength;
  }
  return taken;
}

/** A pread on `fd`, as input-file.ts's is. */
function readFd(fd: number, position: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const n = readSync(fd, bytes, 0, length, position);
  return bytes.subarray(0, n);
}

/** A folder of its own for one spool, empty. */
function spoolDir(): string {
  return mkdtempSync(join(dir, 'tmp-'));
}

describe('a capture piped in', () => {
  it('is drained into a spool with no name, then handed on from it in blocks registered where they lie', async () => {
    const where = spoolDir();
    const source = piecesOf(capture);
    const { file, chunks } = spoolPipe(source, readFd, { dir: where });
    const pieces = Math.ceil(capture.byteLength / PIECE);
    const taken = await collect(chunks, (chunk, position) => {
      // Every piece was taken and spooled before the first block came.
      expect(source.state.pulled).toBe(pieces);
      expect(source.state.closed).toBe(true);
      expect(chunk.byteLength).toBeLessThanOrEqual(SPOOL_BLOCK_BYTES);
      // A view into the block, as a packet's payload is: its place in the spool, and its bytes.
      const view = chunk.subarray(100, 400);
      expect(file.positionOf(view)).toBe(position + 100);
      expect(Buffer.from(file.read(position + 100, 300)).equals(Buffer.from(view))).toBe(true);
      // Nothing in the folder: the spool has no name.
      expect(readdirSync(where)).toEqual([]);
    });
    expect(Buffer.concat(taken).equals(Buffer.from(capture))).toBe(true);
    expect(taken.length).toBe(Math.ceil(capture.byteLength / SPOOL_BLOCK_BYTES));
    // The whole spool reads back as the capture.
    expect(Buffer.from(file.read(0, capture.byteLength)).equals(Buffer.from(capture))).toBe(true);
    expect(file.changed).toBe(false);
  });

  it('lets the source read into one buffer while it drains, and not before nor after', async () => {
    const seen: boolean[] = [];
    // What the source would be told as it reads each piece (see pipeChunks's reuse).
    let draining = (): boolean | undefined => undefined;
    async function* telling(): AsyncGenerator<Uint8Array> {
      for await (const piece of piecesOf(capture)) {
        seen.push(draining() === true);
        yield piece;
      }
      seen.push(draining() === true);
    }
    const spooled = spoolPipe(telling(), readFd, { dir: spoolDir() });
    draining = () => spooled.draining;
    expect(spooled.draining).toBe(false);
    const taken = await collect(spooled.chunks);
    expect(Buffer.concat(taken).equals(Buffer.from(capture))).toBe(true);
    // The first piece is read before anyone knows it is a capture; every later read is the drain's.
    expect(seen[0]).toBe(false);
    expect(seen.slice(1).every((draining) => draining)).toBe(true);
    expect(seen.length).toBe(Math.ceil(capture.byteLength / PIECE) + 1);
    expect(spooled.draining).toBe(false);
  });

  it('is drained only to just past the input limit, and the rest is never read', async () => {
    const source = piecesOf(capture);
    const maxBytes = 5 * PIECE + 100;
    const { file, chunks } = spoolPipe(source, readFd, { dir: spoolDir(), maxBytes });
    const taken = await collect(chunks);
    // Six pieces: the one that took the spool past the limit is the last read.
    expect(source.state.pulled).toBe(6);
    expect(source.state.closed).toBe(true);
    const handed = Buffer.concat(taken);
    expect(handed.byteLength).toBe(6 * PIECE);
    expect(handed.equals(Buffer.from(capture.subarray(0, 6 * PIECE)))).toBe(true);
    expect(file.positionOf(taken[0] as Uint8Array)).toBe(0);
  });

  it('hands on what was spooled, then the rest from memory, when a write fails', async () => {
    let writes = 0;
    const failing = (fd: number, chunk: Uint8Array, position: number): boolean => {
      // The disk fills up at the fourth piece.
      if (++writes >= 4) return false;
      return writeSync(fd, chunk, 0, chunk.byteLength, position) === chunk.byteLength;
    };
    const { file, chunks } = spoolPipe(piecesOf(capture), readFd, {
      dir: spoolDir(),
      writeFd: failing,
    });
    const spooled = 3 * PIECE;
    const taken = await collect(chunks, (chunk, position) => {
      // The spooled part is registered where it lies; the pieces kept in memory are not.
      expect(file.positionOf(chunk)).toBe(position < spooled ? position : undefined);
    });
    expect(writes).toBe(4);
    expect(Buffer.concat(taken).equals(Buffer.from(capture))).toBe(true);
    expect(
      Buffer.from(file.read(0, spooled)).equals(Buffer.from(capture.subarray(0, spooled))),
    ).toBe(true);
  });

  it('ends where the spool cannot be read back, rather than hand on bytes past the gap', async () => {
    // The second block comes back short, as from a file cut under the process.
    const short = (fd: number, position: number, length: number): Uint8Array =>
      readFd(fd, position, position >= SPOOL_BLOCK_BYTES ? Math.min(length, 1_000) : length);
    const { file, chunks } = spoolPipe(piecesOf(capture), short, { dir: spoolDir() });
    const handed = Buffer.concat(await collect(chunks));
    expect(capture.byteLength).toBeGreaterThan(3 * SPOOL_BLOCK_BYTES);
    expect(handed.byteLength).toBe(SPOOL_BLOCK_BYTES + 1_000);
    expect(handed.equals(Buffer.from(capture.subarray(0, SPOOL_BLOCK_BYTES + 1_000)))).toBe(true);
    // Said, not silent: the diagnosis reports input.changed for a file that reads back short.
    expect(file.changed).toBe(true);
  });

  it('is not spooled when it is a paste or gzip-compressed', async () => {
    const text = new TextEncoder().encode(
      'INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: a1\r\n\r\n'.repeat(5_000),
    );
    for (const bytes of [text, new Uint8Array(gzipSync(capture))]) {
      const { file, chunks } = spoolPipe(piecesOf(bytes), readFd, { dir: spoolDir() });
      const passed: Uint8Array[] = [];
      for await (const chunk of chunks) {
        passed.push(chunk);
        expect(file.positionOf(chunk)).toBeUndefined();
      }
      expect(Buffer.concat(passed).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it('passes unspooled when no temporary file can be made', async () => {
    const nowhere = join(dir, 'no-such-folder');
    const { file, chunks } = spoolPipe(piecesOf(capture), readFd, { dir: nowhere });
    const passed: Uint8Array[] = [];
    for await (const chunk of chunks) {
      passed.push(chunk);
      expect(file.positionOf(chunk)).toBeUndefined();
    }
    expect(Buffer.concat(passed).equals(Buffer.from(capture))).toBe(true);
  });
});

describe('the spool file', () => {
  it('made with a name where there is no O_TMPFILE, leaves none behind, and reads what was written', () => {
    const where = spoolDir();
    const fd = openSpool(where, false);
    expect(fd).toBeTypeOf('number');
    try {
      expect(readdirSync(where)).toEqual([]);
      const bytes = capture.subarray(0, 5_000);
      expect(writeSync(fd as number, bytes, 0, bytes.byteLength, 0)).toBe(bytes.byteLength);
      expect(Buffer.from(readFd(fd as number, 0, 5_000)).equals(Buffer.from(bytes))).toBe(true);
    } finally {
      closeSync(fd as number);
    }
  });

  it("holds a named pipe's capture payloads, and is closed once its messages are gone", async () => {
    // A child process of its own, where garbage collection can be asked for; TMPDIR its own.
    const where = spoolDir();
    const fifo = join(where, 'capture.fifo');
    execFileSync('mkfifo', [fifo]);
    const inputFile = fileURLToPath(new URL('../../src/cli/input-file.ts', import.meta.url));
    const parse = fileURLToPath(new URL('../../src/core/ingest/parse-input.ts', import.meta.url));
    const payloadFile = fileURLToPath(
      new URL('../../src/core/sip/payload-file.ts', import.meta.url),
    );
    const script = `
      import { readdirSync, readlinkSync } from 'node:fs';
      import { openInputFile } from ${JSON.stringify(inputFile)};
      import { parseInput } from ${JSON.stringify(parse)};
      import { PayloadFile } from ${JSON.stringify(payloadFile)};
      const [path, where] = process.argv.slice(1);
      const spools = () => readdirSync('/proc/self/fd').filter((fd) => {
        try { return readlinkSync('/proc/self/fd/' + fd).startsWith(where + '/'); } catch { return false; }
      }).length;
      async function read() {
        const file = await openInputFile(path, process.stdin);
        const input = await parseInput(file.open(), {}, { file: file.file });
        const inSpool = input.messages.filter((m) => {
          const { block, at } = m;
          return block.storedAt(at) instanceof PayloadFile;
        }).length;
        return [input.messages.length, inSpool, input.messages.at(-1).text.length > 0, spools()];
      }
      const [count, inSpool, readAgain, whileUsed] = await read();
      for (let i = 0; i < 20 && spools() > 0; i++) {
        globalThis.gc();
        await new Promise((done) => setTimeout(done, 10));
      }
      console.log(JSON.stringify({ count, inSpool: inSpool > 1_950, readAgain, whileUsed, after: spools() }));
    `;
    const writer = join(where, 'capture.pcap');
    writeFileSync(writer, capture);
    const writing = promisify(execFile)('sh', ['-c', `cat "${writer}" > "${fifo}"`]);
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script, fifo, where],
      { timeout: 30_000, env: { ...process.env, TMPDIR: where } },
    );
    await writing;
    // While in use: the spool (the pipe itself is closed once read).
    expect(JSON.parse(stdout)).toEqual({
      count: 2_000,
      inSpool: true,
      readAgain: true,
      whileUsed: 1,
      after: 0,
    });
    expect(stderr).not.toMatch(/Closing file descriptor|DEP0137/);
  });
});
