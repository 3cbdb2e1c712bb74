/**
 * Holds V8's young generation at two 8 MB semi-spaces while a one-shot
 * command (diagnose, parse) reads a capture of 4 to 64 MiB, and at two of
 * 3 MB for a text (see TEXT_SEMI_SPACE_BYTES), instead of the 16 MB each
 * that V8 grows them to.
 *
 * Why: V8 doubles the semi-spaces each time more bytes survived its
 * collections than they hold, expecting what survives to die soon. What a
 * diagnosis keeps (the message table, the calls) survives for good, so the
 * semi-spaces double to their maximum and stay there: 32 MB, touched and
 * counted in the peak RSS, holding nothing the diagnosis needs. Capped
 * (whole processes, cold, interleaved runs, issue 13): peak RSS 8-10 MB
 * lower for the bench's 34 MB capture, 12-13 MB piped, 14 MB for a 5 MB
 * paste and 21 MB for a 67 MB capture, each in the same time or less. Past
 * the default input limit the cap costs time (a 134 MB capture took 5-13%
 * longer, and no less RSS), probably because each collection also visits
 * the old generation's pointers into the young one, which grow with what is
 * kept, so fewer, larger collections win there; V8's own growth is left
 * alone. Under 4 MiB the young generation never grew past 8 MB anyway.
 *
 * How: the largest size can only be given when Node starts
 * (`--max-semi-space-size`), and any V8 option, given then or later, makes
 * V8 refuse Node's cached compilations of its own modules: about 13 ms more
 * for the rest of the command, paid only where the cap pays it back. The
 * growth factor is read each time the young generation grows, so it is set
 * here: one growth to 8 MB, then a factor of 1 once that growth is seen,
 * which is checked with each chunk of the input read. Should a later V8
 * ignore the factor or hold it at 2, V8's own growth applies, as without
 * this module: the cap is an optimisation, never a condition. Node
 * documents options set after start as unpredictable; this one only steers
 * a size.
 */
import { isCaptureOrGzip } from '../core/ingest/capture/capture-magic.js';
import { DEFAULT_LIMITS } from '../core/sip/types.js';
import type { InputFile } from './input-file.js';

/** The size each semi-space is held at while a capture is read. */
export const SEMI_SPACE_BYTES = 8 * 1024 * 1024;

/**
 * The size each semi-space is held at for a text input. A paste keeps less
 * of what it makes than a capture does, and each semi-space page is faulted
 * in when first used: a 5 MB paste took 20-49 ms less with 4 MB than with
 * 8, with 8-9 MB less peak RSS, and 9-15 ms less again with 3 (2: no
 * better than 3); a 20 MB one 11-45 ms less with 4 and 10-56 less again
 * with 3. The 50k capture was no faster with 4 and slower with 2 (whole
 * processes, cold, paired, issue 13).
 */
export const TEXT_SEMI_SPACE_BYTES = 3 * 1024 * 1024;

/** Inputs up to this size get the cap: the default input limit (SIP_MAX_INPUT_BYTES), 64 MiB. */
export const CAPPED_UP_TO_BYTES = DEFAULT_LIMITS.maxInputBytes;

/**
 * Smaller inputs are read as V8 sizes them: they do not take the young
 * generation past 8 MB anyway (a 3 MB paste did not), and setting an
 * option costs the rest of the command about 13 ms (V8 then refuses
 * Node's cached compilations of its own modules).
 */
export const CAPPED_FROM_BYTES = 4 * 1024 * 1024;

/**
 * When the cap applies to an input of `bytes` (undefined when unknown, as
 * for a pipe) under the input limit `limitBytes`: at once, once that many
 * bytes have come (a pipe), or never.
 */
export function capWhen(
  bytes: number | undefined,
  limitBytes = DEFAULT_LIMITS.maxInputBytes,
): 'now' | 'once-large' | 'never' {
  if ((bytes ?? limitBytes) > CAPPED_UP_TO_BYTES) return 'never';
  if (bytes === undefined) return 'once-large';
  return bytes >= CAPPED_FROM_BYTES ? 'now' : 'never';
}

/**
 * `file`, read with the young generation capped when capWhen says so.
 *
 * A text input is read whole and then parsed in one go, with no chunk to
 * check on, so its one growth to 3 MB must come before that. What diagnose
 * does next makes it (loading the knowledge base, whose code entries now come
 * lazily, and the diagnosis's modules; the growth came there in a GC trace
 * of the 5 MB paste, and the paste test of young-generation.test.ts checks
 * it): with `knowledgeFollows` an input of known size is capped here, at a
 * text's size or a capture's as its first bytes (InputFile.head) tell.
 * Otherwise (parse, or a pipe, whose size is known only as it comes) only a
 * capture is, on its first chunk: setting the option costs about 13 ms, which
 * a text input would pay for nothing.
 */
export async function withYoungGenerationCap(
  file: InputFile,
  limitBytes: number | undefined,
  knowledgeFollows: boolean,
  beforeCap?: BeforeCap,
): Promise<InputFile> {
  const when = capWhen(file.bytes, limitBytes);
  if (when === 'never') return file;
  if (when === 'now' && knowledgeFollows) {
    const text = file.head !== undefined && !isCaptureOrGzip(file.head);
    await beforeCap?.(text ? 'text' : 'capture');
    const cap = await capYoungGeneration(text ? TEXT_SEMI_SPACE_BYTES : SEMI_SPACE_BYTES);
    return cap === undefined ? file : { ...file, open: () => checkingEachChunk(file.open(), cap) };
  }
  const from = when === 'now' ? 0 : CAPPED_FROM_BYTES;
  return { ...file, open: () => checkingEachChunk(file.open(), undefined, from, beforeCap) };
}

/**
 * Called once just before the cap is set, with the kind of input: setting
 * it changes a V8 flag, after which V8 refuses the code caches of the
 * bundle files that load (code-cache.ts), so the command loads what it will
 * need first.
 */
export type BeforeCap = (kind: 'capture' | 'text') => Promise<void>;

/**
 * Caps the young generation at semi-spaces of `bytes` from now on; returns
 * the check to make as the input is read, or undefined when V8 reports no
 * young generation.
 */
export async function capYoungGeneration(
  bytes = SEMI_SPACE_BYTES,
): Promise<(() => void) | undefined> {
  // Loaded only here: importing node:v8 costs a small command a few milliseconds.
  const { getHeapSpaceStatistics, setFlagsFromString } = await import('node:v8');
  // One semi-space's usable bytes. Not space_size: that counts the semi-spaces V8 has committed,
  // one or two depending on what ran before (a leaner start had committed one, and a factor worked
  // out from it took the young generation to 32 MB instead of 16).
  const semiSpaceBytes = (): number | undefined => {
    for (const space of getHeapSpaceStatistics())
      if (space.space_name === 'new_space')
        return space.space_used_size + space.space_available_size;
    return undefined;
  };
  const now = semiSpaceBytes();
  if (now === undefined || now <= 0) return undefined;
  const setGrowthFactor = (factor: number): void =>
    setFlagsFromString(`--semi-space-growth-factor=${factor}`);
  // Once the cap is reached the factor is set to 1, once, and later checks cost nothing: with a
  // large heap, reading the statistics took about 75 µs a check, and setting the factor about 55
  // (34 MB capture, ~130 checks; issue 13). Until stop 29 it was set again at every check, as
  // the pipe reader's worker thread, when it started, put it back to V8's own; the CLI starts no
  // thread now (pipe-input.ts).
  let reached = false;
  const check = (): void => {
    if (reached) return;
    // Usable bytes leave out each page's header: 8 MB semi-spaces report a little under 8 MB.
    reached = (semiSpaceBytes() ?? 0) >= bytes * 0.9;
    if (reached) setGrowthFactor(1);
  };
  // One growth from here reaches the cap (from 1 MB, the usual start, by 8 or 3).
  setGrowthFactor(Math.max(2, Math.floor(bytes / now)));
  check();
  return check;
}

/**
 * `chunks`, with `check` made before each chunk is handed on and once at
 * the end. Without one, the cap is made once `capFrom` bytes have come, if
 * the first chunk is a capture's (or gzip'd). A capture is read a chunk at a
 * time, on this thread, whether from a file or a pipe; the event loop may not
 * turn between two chunks (a pipe is read with blocking reads), so the check
 * goes with the chunks, not with a timer.
 */
async function* checkingEachChunk(
  chunks: AsyncIterable<Uint8Array>,
  capped: (() => void) | undefined,
  capFrom = Number.POSITIVE_INFINITY,
  beforeCap?: BeforeCap,
): AsyncGenerator<Uint8Array> {
  let check = capped;
  let from = capFrom;
  let read = 0;
  for await (const chunk of chunks) {
    if (read === 0 && !isCaptureOrGzip(chunk)) from = Number.POSITIVE_INFINITY;
    read += chunk.byteLength;
    if (read >= from) {
      // Once: V8 may have no young generation to report, and the cap is then not made.
      from = Number.POSITIVE_INFINITY;
      await beforeCap?.('capture');
      check = await capYoungGeneration();
    }
    check?.();
    yield chunk;
  }
  check?.();
}
