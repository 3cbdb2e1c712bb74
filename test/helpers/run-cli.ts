/** Runs the CLI in-process with captured output, for CLI tests; or as a real process (spawnCli). */
import {
  type ChildProcessByStdio,
  type ChildProcessWithoutNullStreams,
  spawn,
} from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
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

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The command line of `sip-triage args` as a process of its own: src/cli.ts through tsx. */
const cliArgs = (args: string[]): string[] => [
  '--import',
  'tsx',
  join(ROOT, 'src/cli.ts'),
  ...args,
];

/**
 * `sip-triage args` as a process of its own, with `env` added to this
 * process's environment; stdin, stdout and stderr are pipes the test holds.
 */
export function spawnCli(
  args: string[],
  env: Record<string, string> = {},
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, cliArgs(args), {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/** The same, its standard input the open descriptor `stdin` (a file, as `< file` gives). */
export function spawnCliReading(
  args: string[],
  stdin: number,
): ChildProcessByStdio<null, Readable, Readable> {
  const child = spawn(process.execPath, cliArgs(args), {
    cwd: ROOT,
    env: process.env,
    stdio: [stdin, 'pipe', 'pipe'],
  });
  // Node's typings know no descriptor in the stdio tuple: standard input has no stream, the rest do.
  return child as ChildProcessByStdio<null, Readable, Readable>;
}
