/**
 * Run by test/cli/diagnose-json-output.test.ts as a process of its own:
 *   node --import tsx nonblocking-stdout.ts ARGS...
 * Leaves its standard output non-blocking, as a parent process that shares
 * the pipe may (Node does so to any pipe it opens as a socket), then runs
 * `sip-triage ARGS` on that same descriptor and ends with its exit code. A
 * reader slower than the command then makes its writes fail with EAGAIN.
 */
import { spawn } from 'node:child_process';
import { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

// libuv sets O_NONBLOCK on the pipe's open file description, which the child shares.
const socket = new Socket({ fd: 1, readable: false, writable: true });
const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', cli, ...process.argv.slice(2)], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
child.on('close', (code) => {
  socket.destroy();
  process.exitCode = code ?? 1;
});
