/**
 * Runs a Node process with test/support/trace-modules.mjs recording every
 * module it loads, for the tests that check what a command loads (the SDKs,
 * the YAML parser, the diagnosis). The process gets `stdin`, the given
 * environment with MODULE_TRACE_FILE, NO_COLOR and LOG_LEVEL=warn set, and is
 * killed after `timeoutMs`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The tracer, as a file URL: processes may start outside the repository. */
export const MODULE_TRACER = new URL('./trace-modules.mjs', import.meta.url).href;

export interface Traced {
  code: number | null;
  stdout: string;
  stderr: string;
  /** URL of every module the process loaded. */
  loaded: string[];
}

export interface TracedOptions {
  /** `--import` URLs before the tracer (tsx), so the tracer sees their final answer. */
  imports?: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin?: string;
  /** Where the trace file goes (one per run). */
  traceDir: string;
  timeoutMs: number;
}

let runs = 0;

export function runTraced(args: readonly string[], options: TracedOptions): Promise<Traced> {
  const traceFile = join(options.traceDir, `trace-${++runs}.txt`);
  const imports = [...(options.imports ?? []), MODULE_TRACER].flatMap((url) => ['--import', url]);
  const child = spawn(process.execPath, [...imports, ...args], {
    cwd: options.cwd,
    env: { ...options.env, MODULE_TRACE_FILE: traceFile, NO_COLOR: '1', LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.end(options.stdin ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) {
        reject(new Error(`node ${args.join(' ')} was stopped by ${signal}; stderr:\n${stderr}`));
        return;
      }
      // No file means the tracer never ran; the callers' assertions say so.
      const trace = existsSync(traceFile) ? readFileSync(traceFile, 'utf8') : '';
      resolve({ code, stdout, stderr, loaded: trace.split('\n').filter(Boolean) });
    });
  });
}
