/**
 * One measured row in a child process of its own, so each parser's memory is
 * measured without the others loaded. Forked by worker-session.ts with
 * `<task> <json options>`: the child prepares its input, warms up, reports
 * ready, then runs one timed pass per request from the runner (see passes.ts).
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { CHECKED_FIELDS, checkPeer, sampleEvery } from './check-peers.js';
import { generateCorpus } from './corpus.js';
import { isCorpusOrder, orderCorpus } from './corpus-order.js';
import {
  type ChildMessage,
  collectGarbage,
  median,
  type ParentMessage,
  type PassSample,
  RssSampler,
  type SessionInfo,
} from './passes.js';
import type { Peer } from './peer.js';
import { isPeerId, loadPeer } from './peers.js';

export interface ParseTaskOptions {
  peer: string;
  count: number;
  /** The corpus this many times as long (the scaling rows). */
  repeat: number;
  warmup: number;
  /** Slow peers parse every n-th message so that one pass takes about this long (0: no limit). */
  budgetMs: number;
  /** The corpus in this order (corpus-order.ts) instead of call by call. */
  order?: string;
  /** Check every value the peer read against the corpus, in the timed order, before timing. */
  verify?: boolean;
}

export interface CaptureTaskOptions {
  file: string;
  /** Keep every parsed message (as parseInput does) instead of dropping each after reading it. */
  keep: boolean;
  warmup: number;
}

export interface DiagnoseTaskOptions {
  /** A capture file to diagnose, or the size of a generated paste to diagnose. */
  file?: string;
  pasteBytes?: number;
  warmup: number;
}

export interface ExtractTaskOptions {
  targetBytes: number;
  warmup: number;
}

/** What a task sets up: its input described, and one pass over it. */
interface Session {
  info: SessionInfo;
  pass(sampler: RssSampler): PassSample | Promise<PassSample>;
  /** Untimed work run just before each timed pass (see timedPass). */
  rewarm?(): void | Promise<void>;
  /** Untimed measurements taken right after a timed pass. */
  afterPass?(sample: PassSample): void;
}

/** The first `size` bytes of a file. */
function fileHead(file: string, size: number): Uint8Array {
  const out = new Uint8Array(Math.min(size, statSync(file).size));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, out, 0, out.byteLength, 0);
  } finally {
    closeSync(fd);
  }
  return out;
}

const SAMPLE_EVERY = 512;

function heapBytes(): number {
  const usage = process.memoryUsage();
  // external already counts the ArrayBuffers (arrayBuffers is a part of it).
  return usage.heapUsed + usage.external;
}

/**
 * The texts a parse row times, and when it verifies, the values its peer got
 * wrong. The corpus records are dropped on return, before the row is measured.
 */
function parseInput(o: ParseTaskOptions, peer: Peer): { texts: string[]; wrongValues?: number } {
  // A larger input is a longer corpus (distinct messages, same mix), not the same strings again.
  const generated = generateCorpus(o.count * o.repeat);
  const corpus = isCorpusOrder(o.order) ? orderCorpus(generated, o.order) : generated;
  const texts = corpus.map((m) => m.text);
  if (!o.verify) return { texts };
  // Parsed in the very order the passes use, from a fresh input, so a value carried over
  // from another message would show here.
  peer.startInput?.();
  const check = checkPeer(peer, corpus);
  let wrongValues = check.rejected;
  for (const field of CHECKED_FIELDS) wrongValues += check.wrong[field] ?? 0;
  return { texts, wrongValues };
}

async function parseSession(o: ParseTaskOptions): Promise<Session> {
  if (!isPeerId(o.peer)) throw new Error(`unknown peer ${o.peer}`);
  const peer = await loadPeer(o.peer);
  const { texts, wrongValues } = parseInput(o, peer);

  // The first warm-up doubles as the speed probe: parse in order until done or out of budget.
  // A peer too slow to finish is then timed on every n-th message, keeping the corpus's mix.
  const probeStart = process.hrtime.bigint();
  peer.startInput?.();
  let probed = 0;
  for (; probed < texts.length; probed++) {
    peer.parse(texts[probed] ?? '');
    if ((probed & 63) === 63 && o.budgetMs > 0) {
      if (Number(process.hrtime.bigint() - probeStart) / 1e6 > o.budgetMs) break;
    }
  }
  const probeMs = Number(process.hrtime.bigint() - probeStart) / 1e6;
  const estimateMs = (probeMs / Math.max(1, probed)) * texts.length;
  const stride = o.budgetMs > 0 && probed < texts.length ? Math.ceil(estimateMs / o.budgetMs) : 1;
  const selected = stride > 1 ? sampleEvery(texts, stride) : texts;
  let bytes = 0;
  for (const text of selected) bytes += Buffer.byteLength(text);

  const pass = (sampler: RssSampler): PassSample => {
    let checksum = 0;
    let rejected = 0;
    peer.startInput?.();
    for (let i = 0; i < selected.length; i++) {
      const s = peer.parse(selected[i] ?? '');
      if (s) checksum += (s.cseqSeq ?? 0) + (s.viaCount ?? 0) + (s.callId?.length ?? 0);
      else rejected += 1;
      if (i % SAMPLE_EVERY === 0) sampler.sample();
    }
    return { ms: 0, cpuMs: 0, peakRss: 0, checksum, rejected, messages: selected.length };
  };
  for (let i = 0; i < o.warmup; i++) pass(new RssSampler());
  collectGarbage();
  const rewarmCount = Math.min(selected.length, Math.ceil(selected.length / 10));
  return {
    info: {
      messages: selected.length,
      bytes,
      stride,
      baselineRss: process.memoryUsage.rss(),
      ...(wrongValues !== undefined ? { wrongValues } : {}),
    },
    pass,
    rewarm: () => {
      peer.startInput?.();
      for (let i = 0; i < rewarmCount; i++) peer.parse(selected[i] ?? '');
    },
  };
}

async function captureSession(o: CaptureTaskOptions): Promise<Session> {
  const { readWithOurs, readBuffered } = await import('./capture.js');
  // A tenth of the capture, held in memory for the untimed rewarm before each pass; a cold
  // read (no warm-up: the memory row) gets neither.
  const cold = o.warmup === 0;
  const head = cold ? undefined : fileHead(o.file, Math.ceil(statSync(o.file).size / 10));
  collectGarbage();
  const baselineRss = process.memoryUsage.rss();
  const baselineHeap = heapBytes();
  let kept: { readonly length: number } = [];
  const pass = async (sampler: RssSampler): Promise<PassSample> => {
    kept = [];
    const read = await readWithOurs(o.file, o.keep, (n) => {
      if (n % SAMPLE_EVERY === 0) sampler.sample();
    });
    sampler.sample();
    kept = read.messages;
    return {
      ms: 0,
      cpuMs: 0,
      peakRss: 0,
      checksum: read.checksum + read.messages.length,
      rejected: 0,
      messages: read.count,
    };
  };
  for (let i = 0; i < o.warmup; i++) await pass(new RssSampler());
  kept = [];
  return {
    info: { messages: 0, bytes: statSync(o.file).size, stride: 1, baselineRss },
    pass,
    rewarm: async () => {
      kept = [];
      if (head !== undefined) await readBuffered(head);
    },
    afterPass: (sample) => {
      if (!o.keep) return;
      // What the kept messages hold on to, measured while they are still referenced.
      collectGarbage();
      sample.retainedBytes = heapBytes() - baselineHeap;
      sample.checksum += kept.length;
    },
  };
}

/**
 * End-to-end diagnosis: read (capture streamed from disk, or a paste held as
 * text), parse, build the trace, run every rule, render the summary card.
 */
async function diagnoseSession(o: DiagnoseTaskOptions): Promise<Session> {
  const { createReadStream } = await import('node:fs');
  const { parseInput } = await import('../../src/core/ingest/parse-input.js');
  const { parseText } = await import('../../src/core/ingest/parse-text.js');
  const { diagnose } = await import('../../src/core/diagnose/diagnose.js');
  const { diagnosisCard } = await import('../../src/core/render/diagnosis-card.js');
  const { renderText } = await import('../../src/core/render/text.js');
  const { validatedKnowledgeBase } = await import(
    '../../src/core/knowledge/validated-knowledge.js'
  );
  const { renderPaste } = await import('./paste.js');
  const kb = validatedKnowledgeBase();
  const paste =
    o.pasteBytes === undefined
      ? undefined
      : renderPaste(generateCorpus(Math.ceil(o.pasteBytes / 350)), o.pasteBytes).text;
  const pass = async (sampler: RssSampler): Promise<PassSample> => {
    const input =
      paste !== undefined
        ? parseText(paste)
        : await parseInput(createReadStream(o.file ?? '', { highWaterMark: 1 << 20 }));
    sampler.sample();
    const result = diagnose(input, kb);
    const text = renderText(diagnosisCard(result));
    sampler.sample();
    return {
      ms: 0,
      cpuMs: 0,
      peakRss: 0,
      checksum: text.length + result.findings.length,
      rejected: 0,
      messages: input.messages.length,
    };
  };
  for (let i = 0; i < o.warmup; i++) await pass(new RssSampler());
  collectGarbage();
  return {
    info: {
      messages: 0,
      bytes: paste !== undefined ? Buffer.byteLength(paste) : statSync(o.file ?? '').size,
      stride: 1,
      baselineRss: process.memoryUsage.rss(),
    },
    pass,
  };
}

async function extractSession(o: ExtractTaskOptions): Promise<Session> {
  const { extractMessages } = await import('../../src/core/ingest/extract/extract-messages.js');
  const { parseMessage, ParserState } = await import('../../src/core/sip/parse-message.js');
  const { renderPaste } = await import('./paste.js');
  const paste = renderPaste(generateCorpus(Math.ceil(o.targetBytes / 350)), o.targetBytes);
  const pass = (sampler: RssSampler): PassSample => {
    const extracted = extractMessages(paste.text);
    sampler.sample();
    let checksum = 0;
    // One state for the paste, as parseText keeps one per input.
    const options = { state: new ParserState() };
    for (const m of extracted.messages) {
      const parsed = parseMessage(m.content, undefined, options);
      checksum += (parsed.cseq?.seq ?? 0) + (parsed.callId?.length ?? 0);
    }
    sampler.sample();
    return {
      ms: 0,
      cpuMs: 0,
      peakRss: 0,
      checksum,
      rejected: 0,
      messages: extracted.messages.length,
    };
  };
  for (let i = 0; i < o.warmup; i++) pass(new RssSampler());
  collectGarbage();
  return {
    info: {
      messages: 0,
      bytes: Buffer.byteLength(paste.text),
      stride: 1,
      baselineRss: process.memoryUsage.rss(),
      expected: paste.messages,
    },
    pass,
  };
}

export interface ShapeRow {
  shape: string;
  factor: number;
  bytes: number;
  /** Median CPU time of one parse over the timed samples. */
  ms: number;
}

const SHAPE_LIMITS = {
  maxInputBytes: 1 << 30,
  maxHeaderCount: 10_000_000,
  maxHeaderLength: 1 << 30,
};

/** Parses each pathological shape at 1x, 2x and 4x its base size with our parser. */
async function shapesTask(o: { passes: number }): Promise<ShapeRow[]> {
  const { parseMessage } = await import('../../src/core/sip/parse-message.js');
  const { PATHOLOGICAL_SHAPES } = await import('./pathological.js');
  const parseAndRead = (text: string): number => {
    const m = parseMessage(text, SHAPE_LIMITS);
    // Read what a consumer reads, so lazily parsed values are parsed too.
    const contacts = m.contacts === '*' ? 1 : m.contacts.length;
    return (
      m.via.length + m.headers.length + contacts + (m.to?.uriText.length ?? 0) + m.problems.length
    );
  };
  const inputs = PATHOLOGICAL_SHAPES.map((shape) => [1, 2, 4].map((factor) => shape.build(factor)));
  // Warm every shape up first, so the x1 rows are not the ones paying for the JIT.
  for (const built of inputs) for (const text of built) parseAndRead(text);
  const rows: ShapeRow[] = [];
  PATHOLOGICAL_SHAPES.forEach((shape, s) => {
    [1, 2, 4].forEach((factor, f) => {
      const text = inputs[s]?.[f] ?? '';
      // Repeat short parses within one timed sample so each sample lasts at least 50 ms.
      const once = process.hrtime.bigint();
      parseAndRead(text);
      const onceMs = Number(process.hrtime.bigint() - once) / 1e6;
      const repeat = Math.max(1, Math.ceil(50 / Math.max(onceMs, 0.001)));
      const times: number[] = [];
      // CPU time, not wall time: a busy machine would otherwise decide the ratios.
      for (let i = 0; i < o.passes; i++) {
        collectGarbage();
        const start = process.cpuUsage();
        for (let r = 0; r < repeat; r++) parseAndRead(text);
        const cpu = process.cpuUsage(start);
        times.push((cpu.user + cpu.system) / 1000 / repeat);
      }
      rows.push({ shape: shape.name, factor, bytes: Buffer.byteLength(text), ms: median(times) });
    });
  });
  return rows;
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

/**
 * Runs one timed pass from the state the previous pass left, as a long-running process
 * would: no forced collection first. A forced full collection also shrinks the young
 * generation, so the pass after it would be timed while the heap grows back, which
 * charges each parser for how much it allocates twice over.
 */
async function timedPass(session: Session): Promise<PassSample> {
  // The child sat idle while the other rows ran; a tenth of a pass, untimed, brings the
  // caches and the young generation back to where a busy process has them.
  await session.rewarm?.();
  const sampler = new RssSampler();
  sampler.sample();
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const sample = await session.pass(sampler);
  sample.ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  sample.cpuMs = (cpu.user + cpu.system) / 1000;
  sampler.sample();
  sample.peakRss = sampler.peak;
  session.afterPass?.(sample);
  return sample;
}

async function main(): Promise<void> {
  // When the runner goes away (finished, or killed), so does this child.
  process.on('disconnect', () => process.exit(0));
  const [task, json] = process.argv.slice(2);
  const options: unknown = JSON.parse(json ?? '{}');
  if (task === 'shapes') {
    send({ type: 'result', value: await shapesTask(options as { passes: number }) });
    process.disconnect?.();
    return;
  }
  let session: Session;
  if (task === 'parse') session = await parseSession(options as ParseTaskOptions);
  else if (task === 'capture') session = await captureSession(options as CaptureTaskOptions);
  else if (task === 'extract') session = await extractSession(options as ExtractTaskOptions);
  else if (task === 'diagnose') session = await diagnoseSession(options as DiagnoseTaskOptions);
  else throw new Error(`unknown task ${task}`);
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') {
      process.disconnect?.();
      return;
    }
    timedPass(session).then(
      (sample) => send({ type: 'pass', sample }),
      (error: unknown) => send({ type: 'error', message: String(error) }),
    );
  });
  send({ type: 'ready', info: session.info });
}

main().catch((error: unknown) => {
  send({ type: 'error', message: String(error).split('\n')[0] ?? 'failed' });
  process.disconnect?.();
});
