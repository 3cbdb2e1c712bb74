/**
 * A capture named on the command line is read in chunks registered with a
 * PayloadFile, so its messages read their payloads again from the file
 * instead of keeping the chunks: the same messages and the same diagnosis as
 * the same bytes from standard input (kept in memory), payloads that span two
 * chunks kept as copies, and a file cut shorter afterwards read as cut, not
 * as a crash.
 */
import { execFile } from 'node:child_process';
import {
  appendFileSync,
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCorpusFile } from '../../bench/sip/write-corpus.js';
import { openInputFile } from '../../src/cli/input-file.js';
import { diagnose } from '../../src/core/diagnose/diagnose.js';
import { parseInput } from '../../src/core/ingest/parse-input.js';
import type { InputMessage } from '../../src/core/sip/input-message.js';
import { PayloadFile } from '../../src/core/sip/payload-file.js';
import { realKnowledge } from '../helpers/knowledge.js';
import { runCaptured } from '../helpers/run-cli.js';

let dir: string;
let capture: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sip-triage-input-file-'));
  capture = join(dir, 'busy-proxy.pcap');
  // About 1.3 MB: several 256 KiB chunks, so some payloads span two of them.
  writeCorpusFile(capture, 2_000, 'interleaved');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Which of the stored kinds a message holds, read off its table's column for this test only. */
function storedKind(m: InputMessage): 'file' | 'bytes' | 'text' {
  const { block, at } = m as unknown as { block: { storedAt(at: number): unknown }; at: number };
  const stored = block.storedAt(at);
  if (stored instanceof PayloadFile) return 'file';
  return typeof stored === 'string' ? 'text' : 'bytes';
}

async function parseFromFile(path: string) {
  const file = await openInputFile(path, Readable.from([]));
  return { file, result: await parseInput(file.open(), {}, { file: file.file }) };
}

describe('a capture file read on this machine', () => {
  it('keeps where each payload is, and reads back the bytes the stream gave', async () => {
    const { file, result } = await parseFromFile(capture);
    const inMemory = await parseInput(Readable.from([readFileSync(capture)]));
    expect(file.file).toBeInstanceOf(PayloadFile);
    expect(file.bytes).toBe(readFileSync(capture).byteLength);
    expect(file.head).toEqual(new Uint8Array(readFileSync(capture).subarray(0, 8)));
    expect(result.messages).toHaveLength(2_000);
    expect(inMemory.messages).toHaveLength(2_000);

    const kinds = result.messages.map(storedKind);
    const fromFile = kinds.filter((k) => k === 'file').length;
    // Every payload inside one chunk stays in the file; the few that span two are copies.
    expect(fromFile).toBeGreaterThan(1_990);
    expect(kinds.filter((k) => k === 'bytes').length).toBe(2_000 - fromFile);
    expect(fromFile).toBeLessThan(2_000);
    expect(inMemory.messages.every((m) => storedKind(m) === 'bytes')).toBe(true);

    result.messages.forEach((m, i) => {
      const other = inMemory.messages.at(i) as InputMessage;
      expect(m.text).toBe(other.text);
      expect(m.size).toBe(other.size);
      expect(m.message.callId).toBe(other.message.callId);
    });
  });

  it('hands out the file whole and in order, each chunk registered where it was read from', async () => {
    // The next chunk is read while the caller works on this one: slow the caller down so that
    // every read ahead finishes first, and check that nothing is lost, doubled or reordered.
    const opened = await openInputFile(capture, Readable.from([]));
    const whole = readFileSync(capture);
    let position = 0;
    let chunks = 0;
    for await (const chunk of opened.open()) {
      expect(opened.file?.positionOf(chunk)).toBe(position);
      expect(Buffer.from(chunk).equals(whole.subarray(position, position + chunk.byteLength))).toBe(
        true,
      );
      position += chunk.byteLength;
      chunks++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(position).toBe(whole.byteLength);
    expect(chunks).toBeGreaterThan(4);
  });

  it('gives the same diagnosis as the same bytes on standard input', async () => {
    const fromFile = await runCaptured(['diagnose', capture, '--format', 'json']);
    const fromStdin = await runCaptured(
      ['diagnose', '-', '--format', 'json'],
      Readable.from([readFileSync(capture)]),
    );
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.out).dialogs.length).toBeGreaterThan(300);
    expect(fromFile.out).toBe(fromStdin.out);
  });

  it('reads a file given as standard input as a named one, from where the shell left it', async () => {
    // `(skip the header line; sip-triage diagnose -) < export.bin`: the descriptor's position is
    // past the prefix, and reading starts there.
    const prefixed = join(dir, 'prefixed.bin');
    const prefix = Buffer.from('exported by a probe\n');
    writeFileSync(prefixed, Buffer.concat([prefix, readFileSync(capture)]));
    const fd = openSync(prefixed, 'r');
    try {
      expect(readSync(fd, Buffer.alloc(prefix.byteLength), 0, prefix.byteLength, null)).toBe(
        prefix.byteLength,
      );
      const opened = await openInputFile('-', undefined, { stdinFd: fd });
      expect(opened.name).toBe('stdin');
      expect(opened.file).toBeInstanceOf(PayloadFile);
      // What is left to read, which the CLI sizes its heap by; never `size` (see InputFile).
      expect(opened.bytes).toBe(readFileSync(capture).byteLength);
      expect(opened.size).toBeUndefined();
      const result = await parseInput(opened.open(), {}, { file: opened.file });
      const named = (await parseFromFile(capture)).result;
      expect(result.messages).toHaveLength(2_000);
      expect(result.messages.filter((m) => storedKind(m) === 'file').length).toBeGreaterThan(1_990);
      result.messages.forEach((m, i) => {
        expect(m.text).toBe(named.messages.at(i)?.text);
      });
    } finally {
      closeSync(fd);
    }
  });

  it('reads a named pipe as it comes, its payloads read again from a spool', async () => {
    const fifo = join(dir, 'capture.fifo');
    await promisify(execFile)('mkfifo', [fifo]);
    // The writer blocks until the pipe is opened for reading, which openInputFile does.
    const writing = promisify(execFile)('sh', ['-c', `cat "${capture}" > "${fifo}"`]);
    const { file, result } = await parseFromFile(fifo);
    await writing;
    expect(file.file).toBeInstanceOf(PayloadFile);
    expect(file.bytes).toBeUndefined();
    expect(result.messages).toHaveLength(2_000);
    // Payloads that span two of the pipe's 64 KiB reads are copies, kept in memory.
    const kinds = result.messages.map(storedKind);
    expect(kinds.filter((k) => k === 'file').length).toBeGreaterThan(1_950);
    expect(kinds.filter((k) => k === 'bytes').length).toBeGreaterThan(0);
    const named = (await parseFromFile(capture)).result;
    result.messages.forEach((m, i) => {
      expect(m.text).toBe(named.messages.at(i)?.text);
    });
  });

  it('keeps a gzip-compressed capture in memory (its chunks are not the file bytes)', async () => {
    const gz = join(dir, 'busy-proxy.pcap.gz');
    writeFileSync(gz, gzipSync(readFileSync(capture)));
    const { result } = await parseFromFile(gz);
    expect(result.messages).toHaveLength(2_000);
    expect(result.messages.every((m) => storedKind(m) === 'bytes')).toBe(true);
  });

  it('reads a message of a file cut shorter afterwards as cut short, without throwing', async () => {
    const copy = join(dir, 'cut-later.pcap');
    writeFileSync(copy, readFileSync(capture));
    const { result } = await parseFromFile(copy);
    const last = result.messages.at(-1) as InputMessage;
    const whole = last.text;
    expect(storedKind(last)).toBe('file');
    truncateSync(copy, readFileSync(copy).byteLength - 40);
    expect(last.text.length).toBe(whole.length - 40);
    expect(whole.startsWith(last.text)).toBe(true);
    expect(() => last.message).not.toThrow();
  });
});

/** Every chunk `opened` hands out, in order (`stopAfter`: stop early, as a reader at its limit does). */
async function chunksOf(opened: { open(): AsyncIterable<Uint8Array> }, stopAfter = Infinity) {
  const chunks: Uint8Array[] = [];
  for await (const chunk of opened.open()) {
    chunks.push(Uint8Array.prototype.slice.call(chunk));
    if (chunks.length >= stopAfter) break;
  }
  return chunks;
}

describe('a text file (a log, a paste saved to a file)', () => {
  /** A SIP log of about `bytes` bytes, in the layout a proxy writes it. */
  function logOf(bytes: number): Buffer {
    const lines: string[] = [];
    let length = 0;
    for (let i = 0; length < bytes; i++) {
      lines.push(
        `2026-12-05T08:${String(i % 60).padStart(2, '0')}:00.000Z received from 10.9.0.${i % 200}:5060\r\n` +
          `OPTIONS sip:probe${i}@sbc.example.net SIP/2.0\r\nVia: SIP/2.0/UDP 10.9.0.${i % 200}:5060;branch=z9hG4bKtx${i}\r\n` +
          `From: <sip:mon@example.net>;tag=m${i}\r\nTo: <sip:probe${i}@sbc.example.net>\r\nCall-ID: keepalive-${i}@mon\r\n` +
          'CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n',
      );
      length += (lines.at(-1) as string).length;
    }
    return Buffer.from(lines.join(''));
  }

  it('is handed out whole, in one chunk, when its first bytes show it is not a capture', async () => {
    const path = join(dir, 'proxy.log');
    const text = logOf(1_200_000);
    writeFileSync(path, text);
    const opened = await openInputFile(path, Readable.from([]));
    // Its first bytes are known before it is read (they size the heap for a text or a capture).
    expect(Buffer.from(opened.head ?? []).toString()).toBe('2026-12-');
    const chunks = await chunksOf(opened);
    expect(chunks).toHaveLength(1);
    expect(Buffer.from(chunks[0] as Uint8Array).equals(text)).toBe(true);
    const result = await parseInput(opened.open(), {}, { file: opened.file });
    expect(result.format).not.toBe('pcap');
    expect(result.messages.length).toBeGreaterThan(2_500);
  });

  it.each([
    ['opened', false],
    ['read ahead (as diagnose does once it is open)', true],
  ])(
    'hands out what was written after it was %s as well, in chunks after the whole',
    async (_, ahead) => {
      const path = join(dir, ahead ? 'ahead-growing.log' : 'growing.log');
      const text = logOf(600_000);
      writeFileSync(path, text);
      const opened = await openInputFile(path, Readable.from([]));
      if (ahead) await opened.readAhead?.();
      const more = logOf(300_000);
      appendFileSync(path, more);
      const chunks = await chunksOf(opened);
      expect(chunks[0]?.byteLength).toBe(text.byteLength);
      expect(Buffer.concat(chunks).equals(Buffer.concat([text, more]))).toBe(true);
    },
  );

  it('hands out what is left of a file cut shorter after it was opened, without throwing', async () => {
    const path = join(dir, 'rotated.log');
    const text = logOf(900_000);
    writeFileSync(path, text);
    const opened = await openInputFile(path, Readable.from([]));
    truncateSync(path, 500_000);
    const chunks = await chunksOf(opened);
    expect(Buffer.concat(chunks).equals(text.subarray(0, 500_000))).toBe(true);
  });

  it('past the default input limit goes on in chunks, which the reader stops at its limit', async () => {
    const path = join(dir, 'huge.log');
    const text = logOf(300_000);
    writeFileSync(path, text);
    // Sparse: 65 MiB on paper, read only as far as the reader goes.
    truncateSync(path, 65 * 1024 * 1024);
    const opened = await openInputFile(path, Readable.from([]));
    const chunks = await chunksOf(opened, 2);
    expect(chunks.map((c) => c.byteLength)).toEqual([256 * 1024, 256 * 1024]);
  });

  it('past a lowered input limit (SIP_MAX_INPUT_BYTES) goes on in chunks too: no more read than the reader takes', async () => {
    const path = join(dir, 'limited.log');
    writeFileSync(path, logOf(1_200_000));
    const opened = await openInputFile(path, Readable.from([]), { maxInputBytes: 512 * 1024 });
    const chunks = await chunksOf(opened, 2);
    expect(chunks.map((c) => c.byteLength)).toEqual([256 * 1024, 256 * 1024]);
  });

  it('read ahead (as diagnose does once it is open), is handed out as it was when read', async () => {
    const path = join(dir, 'ahead.log');
    const text = logOf(900_000);
    writeFileSync(path, text);
    const opened = await openInputFile(path, Readable.from([]));
    await opened.readAhead?.();
    // Emptied after the read: what open() hands out was read before, in one buffer.
    truncateSync(path, 0);
    const chunks = await chunksOf(opened);
    expect(chunks).toHaveLength(1);
    expect(Buffer.from(chunks[0] as Uint8Array).equals(text)).toBe(true);
    // Read once only: a second open() reads the file as it is now.
    expect(await chunksOf(opened)).toEqual([]);
  });

  it("is not read ahead past the input limit, nor when it is a capture or gzip'd", async () => {
    const big = join(dir, 'ahead-limited.log');
    writeFileSync(big, logOf(700_000));
    const gzipped = join(dir, 'ahead.log.gz');
    writeFileSync(gzipped, gzipSync(logOf(700_000)));
    const pcap = join(dir, 'ahead.pcap');
    writeFileSync(pcap, readFileSync(capture));
    for (const [path, options] of [
      [big, { maxInputBytes: 512 * 1024 }],
      [pcap, {}],
      [gzipped, {}],
    ] as const) {
      const opened = await openInputFile(path, Readable.from([]), options);
      await opened.readAhead?.();
      const bytes = readFileSync(path);
      // Cut after the read ahead: the chunks show what is read from then on.
      truncateSync(path, 1000);
      const chunks = await chunksOf(opened);
      expect(Buffer.concat(chunks).equals(bytes.subarray(0, 1000))).toBe(true);
    }
  });

  it('is read from where the shell left standard input, as a named one', async () => {
    const path = join(dir, 'prefixed.log');
    const prefix = Buffer.from('# exported from the SBC\n');
    const text = logOf(700_000);
    writeFileSync(path, Buffer.concat([prefix, text]));
    const fd = openSync(path, 'r');
    try {
      readSync(fd, Buffer.alloc(prefix.byteLength), 0, prefix.byteLength, null);
      const opened = await openInputFile('-', undefined, { stdinFd: fd });
      expect(Buffer.from(opened.head ?? []).toString()).toBe('2026-12-');
      const chunks = await chunksOf(opened);
      expect(chunks).toHaveLength(1);
      expect(Buffer.from(chunks[0] as Uint8Array).equals(text)).toBe(true);
    } finally {
      closeSync(fd);
    }
  });
});

describe('a capture file that changes while it is diagnosed', () => {
  const kb = realKnowledge();
  /** A fresh copy of the capture, parsed from the file, and a diagnosis of it after `change`. */
  async function diagnosedAfter(name: string, change: (path: string) => void) {
    const copy = join(dir, name);
    writeFileSync(copy, readFileSync(capture));
    const { result } = await parseFromFile(copy);
    change(copy);
    return diagnose(result, kb);
  }

  it('cut shorter: the diagnosis says first that the file changed', async () => {
    const d = await diagnosedAfter('cut.pcap', (path) =>
      truncateSync(path, Math.floor(readFileSync(path).byteLength / 2)),
    );
    expect(d.inputDamage[0]?.id).toBe('input.changed');
    expect(d.inputDamage[0]?.message).toMatch(/changed while it was being diagnosed/);
  });

  it('written again at the same size: said as well', async () => {
    const d = await diagnosedAfter('rewritten.pcap', (path) => {
      const bytes = readFileSync(path);
      writeFileSync(path, bytes);
      // A clock that did not move between the two writes would hide the change: move it.
      utimesSync(path, new Date(), new Date(Date.now() + 60_000));
    });
    expect(d.inputDamage.map((x) => x.id)).toContain('input.changed');
  });

  it('grown (a capture still being written) or left alone: nothing to say', async () => {
    const grown = await diagnosedAfter('growing.pcap', (path) =>
      appendFileSync(path, readFileSync(capture).subarray(24, 24 + 4096)),
    );
    const untouched = await diagnosedAfter('untouched.pcap', () => {});
    expect(grown.inputDamage.map((x) => x.id)).not.toContain('input.changed');
    expect(untouched.inputDamage).toEqual([]);
  });
});

describe('the open file', () => {
  it('is closed once its messages are gone, without a warning from Node', async () => {
    // A child process of its own, where garbage collection can be asked for.
    const inputFile = fileURLToPath(new URL('../../src/cli/input-file.ts', import.meta.url));
    const parse = fileURLToPath(new URL('../../src/core/ingest/parse-input.ts', import.meta.url));
    const script = `
      import { readdirSync, readlinkSync } from 'node:fs';
      import { openInputFile } from ${JSON.stringify(inputFile)};
      import { parseInput } from ${JSON.stringify(parse)};
      const path = process.argv[1];
      const open = () => readdirSync('/proc/self/fd').filter((fd) => {
        try { return readlinkSync('/proc/self/fd/' + fd) === path; } catch { return false; }
      }).length;
      async function read() {
        const file = await openInputFile(path, process.stdin);
        const input = await parseInput(file.open(), {}, { file: file.file });
        return [input.messages.length, input.messages.at(-1).text.length > 0, open()];
      }
      const [count, readAgain, whileUsed] = await read();
      for (let i = 0; i < 20 && open() > 0; i++) {
        globalThis.gc();
        await new Promise((done) => setTimeout(done, 10));
      }
      console.log(JSON.stringify({ count, readAgain, whileUsed, after: open() }));
    `;
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script, capture],
      { timeout: 30_000 },
    );
    expect(JSON.parse(stdout)).toEqual({ count: 2_000, readAgain: true, whileUsed: 1, after: 0 });
    expect(stderr).not.toMatch(/Closing file descriptor|DEP0137/);
  });
});

describe('PayloadFile', () => {
  it('knows the position of views into registered chunks only', () => {
    const reads: [number, number][] = [];
    const file = new PayloadFile((position, length) => {
      reads.push([position, length]);
      return new Uint8Array(length);
    });
    const chunk = new Uint8Array(1024);
    file.chunkRead(chunk, 4096);
    expect(file.positionOf(chunk.subarray(100, 200))).toBe(4196);
    // A chunk that is itself a view: its byte 0 is at the position it was registered with.
    const buffer = new ArrayBuffer(2048);
    file.chunkRead(new Uint8Array(buffer, 512, 1024), 10_000);
    expect(file.positionOf(new Uint8Array(buffer, 600, 10))).toBe(10_088);
    expect(file.positionOf(new Uint8Array(64))).toBeUndefined();
    expect(file.read(4196, 100)).toHaveLength(100);
    expect(reads).toEqual([[4196, 100]]);
  });
});
