/**
 * The command's standard output and error, written straight to file
 * descriptors 1 and 2 with writeSync.
 *
 * Why (issue 13): the first use of process.stdout builds a stream for
 * whatever fd 1 is; for a pipe that is a net.Socket, and loading what it
 * needs (net, stream, tty) cost a cold `--version` about 10 ms and
 * `explain 403` about 6 when piped, on the bench's machine (whole
 * processes, paired). A write to the descriptor is what the stream would do
 * in the end: Node writes standard output synchronously to files, pipes and
 * terminals on Linux.
 *
 * Kept from the stream: a reader that stops early (`sip-triage list | head
 * -1`) ends the command quietly with exit 0, as a filter does; any other
 * failure to write the output is reported on stderr with exit 1; nothing
 * can be said once stderr itself is gone, so its errors are dropped. The
 * streams, when something does build them, get the same handling
 * (guardStandardStreams). A descriptor someone left non-blocking (EAGAIN
 * when the reader is slow) gets the rest through the stream, which waits
 * for the reader; the console, which reads and writes a terminal, uses the
 * stream too.
 */
import { fstatSync, writeSync } from 'node:fs';

type Stream = NodeJS.WriteStream;

/** What to do once the output cannot be written (the command ends). */
function outputFailed(error: NodeJS.ErrnoException): never {
  if (error.code === 'EPIPE') process.exit(0);
  writeStandardError(`sip-triage: cannot write the output: ${error.message}\n`);
  process.exit(1);
}

/**
 * Gives process.stdout and process.stderr their error handlers the moment
 * anything builds them (the console, a fallback here, a library's warning),
 * as the command did for both at start before it wrote to the descriptors:
 * building them at start is what the descriptors avoid. Node defines both
 * as getters that build the stream on first use; each is wrapped once.
 */
export function guardStandardStreams(): void {
  guardWhenBuilt('stdout', outputFailed);
  // Nothing can be said once stderr is gone; the exit code still tells.
  guardWhenBuilt('stderr', () => {});
}

/** Whether process.stdout or process.stderr was built (see streamsBuilt). */
let built = false;

/**
 * Whether something built process.stdout or process.stderr (the console,
 * output a full non-blocking descriptor did not take, a library's warning):
 * a stream may still hold text for a slow reader, which only the event
 * loop hands over, so the command must then end as Node ends it.
 */
export function streamsBuilt(): boolean {
  return built;
}

function guardWhenBuilt(name: 'stdout' | 'stderr', onError: (error: Error) => void): void {
  const property = Object.getOwnPropertyDescriptor(process, name);
  const build = property?.get;
  if (property === undefined || build === undefined || !property.configurable) {
    // Not a lazy getter (a future Node): build it now, as before.
    built = true;
    process[name].on('error', onError);
    return;
  }
  let guarded = false;
  Object.defineProperty(process, name, {
    ...property,
    get(): Stream {
      built = true;
      const stream = build.call(process) as Stream;
      if (!guarded) {
        guarded = true;
        stream.on('error', onError);
      }
      return stream;
    },
  });
}

/** Descriptors that returned EAGAIN: from then on their text goes through the stream. */
const throughStream = new Set<number>();

/** Writes `data` whole to `fd`; what a full non-blocking descriptor did not take goes through `stream`. */
function writeAll(fd: number, data: string | Uint8Array, stream: () => Stream): void {
  if (throughStream.has(fd)) {
    stream().write(data);
    return;
  }
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let at = 0;
  try {
    while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    throughStream.add(fd);
    stream().write(bytes.subarray(at));
  }
}

/** Writes to standard output; ends the command as the stream's error handler would. */
export function writeStandardOutput(data: string | Uint8Array): void {
  try {
    writeAll(1, data, () => process.stdout);
  } catch (error) {
    outputFailed(error as NodeJS.ErrnoException);
  }
}

/** Writes to standard error; a failure is dropped (there is nowhere left to say it). */
export function writeStandardError(text: string): void {
  try {
    writeAll(2, text, () => process.stderr);
  } catch {
    // stderr is gone: the exit code still tells.
  }
}

/**
 * Whether standard output is a terminal, and its width when it is, without
 * building its stream for a pipe or a file. Only a character device can be
 * a terminal: fstat tells the rest, since node:tty, which answers for a
 * character device, loads node:net with it. For a terminal the stream is
 * built (it knows the width; the console writes through it anyway).
 */
export function standardOutputTerminal(): { isTTY: boolean; columns?: number } {
  let device: boolean;
  try {
    device = fstatSync(1).isCharacterDevice();
  } catch {
    device = false;
  }
  if (!device || !process.getBuiltinModule('node:tty').isatty(1)) return { isTTY: false };
  return { isTTY: true, columns: process.stdout.columns };
}
