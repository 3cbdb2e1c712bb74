/**
 * One command timed as a whole process, start to exit, the way a person
 * runs it: wall time from spawn to close, CPU time and peak RSS from GNU
 * time when it is installed (else RSS sampled from /proc, CPU unknown).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ProcessRun {
  ms: number;
  /** User + system CPU time (NaN without GNU time). */
  cpuMs: number;
  /** Peak resident set in bytes. */
  peakRss: number;
  /** Lines the process printed on stdout. */
  lines: number;
  /** The last line it wrote on stderr (for a failure's message). */
  stderr: string;
}

const GNU_TIME = '/usr/bin/time';
let runs = 0;

function sampledPeakRss(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs `command args` with `env` added to this process's environment;
 * rejects on a non-zero exit. With `stdinFile`, the command runs as
 * `cat stdinFile | command args` does in a shell: its standard input a real
 * pipe (Node's own stdio pipes are socket pairs, which read differently),
 * the time and CPU those of the whole pipeline, as a person waits for it.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; stdinFile?: string } = {},
): Promise<ProcessRun> {
  const timeFile = join(tmpdir(), `sip-triage-bench-time-${process.pid}-${runs++}`);
  const timed = existsSync(GNU_TIME);
  const run =
    options.stdinFile === undefined
      ? [command, ...args]
      : ['sh', '-c', 'cat -- "$0" | exec "$@"', options.stdinFile, command, ...args];
  const [file, argv] = timed
    ? [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, ...run]]
    : [run[0] as string, run.slice(1)];
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(file, argv, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
    });
    child.stdin.on('error', () => {});
    // Standard input is empty, as /dev/null would be (with a file, cat writes the command's).
    child.stdin.end();
    let sampled = 0;
    const timer = timed
      ? undefined
      : setInterval(() => {
          sampled = Math.max(sampled, sampledPeakRss(child.pid));
        }, 10);
    let lines = 0;
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) lines += 1;
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-2000);
    });
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      let cpuMs = Number.NaN;
      let peakRss = sampled;
      if (timed) {
        const fields = readFileSync(timeFile, 'utf8').trim().split('\n').pop()?.split(' ') ?? [];
        rmSync(timeFile, { force: true });
        const [user, system, maxKb] = fields.map(Number);
        if (user !== undefined && system !== undefined) cpuMs = (user + system) * 1000;
        if (maxKb !== undefined && Number.isFinite(maxKb)) peakRss = maxKb * 1024;
      }
      const last = stderr.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(new Error(`${command} exited with ${code}: ${last}`));
        return;
      }
      resolve({ ms, cpuMs, peakRss, lines, stderr: last });
    });
  });
}
