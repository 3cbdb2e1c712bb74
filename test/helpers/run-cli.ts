/** Runs the CLI in-process with captured output, for CLI tests. */
import type { Readable } from 'node:stream';
import { type Io, runCli } from '../../src/cli/run-cli.js';

export async function runCaptured(
  args: string[],
  stdin?: Readable,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = {
    stdout: (t) => {
      out += t;
    },
    stderr: (t) => {
      err += t;
    },
    isTTY: false,
    stdin,
  };
  const code = await runCli(args, io);
  return { code, out, err };
}
