/** Runs the CLI in-process with captured output, for CLI tests. */
import type { Readable } from 'node:stream';
import { type Io, runCli } from '../../src/cli/run-cli.js';

export async function runCaptured(
  args: string[],
  stdin?: Readable,
  options: { isTTY?: boolean } = {},
): Promise<{ code: number; out: string; err: string; bytes: Uint8Array[] }> {
  let out = '';
  let err = '';
  const bytes: Uint8Array[] = [];
  const io: Io = {
    stdout: (t) => {
      out += t;
    },
    stdoutBytes: (b) => {
      bytes.push(b);
    },
    stderr: (t) => {
      err += t;
    },
    isTTY: options.isTTY ?? false,
    stdin,
  };
  const code = await runCli(args, io);
  return { code, out, err, bytes };
}
