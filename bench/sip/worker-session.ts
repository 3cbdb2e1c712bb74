/**
 * The runner's side of a child process: start it with the same loader as
 * this process (tsx) plus --expose-gc, wait until it is ready, ask it for
 * passes one at a time, stop it. One child per measured row keeps each
 * row's memory its own.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage, PassSample, SessionInfo } from './passes.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));
/** No single step of a child may take longer than this. */
const STEP_TIMEOUT_MS = 15 * 60 * 1000;

function spawnWorker(task: string, options: object): { child: ChildProcess; stderr: () => string } {
  const child = fork(WORKER, [task, JSON.stringify(options)], {
    execArgv: [...process.execArgv, '--expose-gc'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  return { child, stderr: () => stderr };
}

function firstErrorLine(text: string): string {
  const line =
    text.split('\n').find((l) => /Error|error:/.test(l)) ?? text.trim().split('\n')[0] ?? '';
  return line.trim().slice(0, 200);
}

/** Waits for the next message from the child, or fails when it exits or takes too long. */
function nextMessage(child: ChildProcess, stderr: () => string): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: unknown): void => {
      cleanup();
      const m = message as ChildMessage;
      if (m.type === 'error') reject(new Error(m.message));
      else resolve(m);
    };
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(firstErrorLine(stderr()) || `child exited with ${code}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      child.kill();
      reject(new Error('child timed out'));
    }, STEP_TIMEOUT_MS);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

export class WorkerSession {
  private constructor(
    private readonly child: ChildProcess,
    private readonly stderr: () => string,
    readonly info: SessionInfo,
  ) {}

  /** Starts a child for `task` and waits until it has warmed up. */
  static async open(task: string, options: object): Promise<WorkerSession> {
    const { child, stderr } = spawnWorker(task, options);
    try {
      const ready = await nextMessage(child, stderr);
      if (ready.type !== 'ready') throw new Error(`unexpected ${ready.type} from the child`);
      return new WorkerSession(child, stderr, ready.info);
    } catch (error) {
      child.kill();
      throw error;
    }
  }

  /** Runs one timed pass in the child. */
  async pass(): Promise<PassSample> {
    const reply = nextMessage(this.child, this.stderr);
    this.child.send({ type: 'pass' } satisfies ParentMessage);
    const m = await reply;
    if (m.type !== 'pass') throw new Error(`unexpected ${m.type} from the child`);
    return m.sample;
  }

  close(): void {
    if (this.child.connected) this.child.send({ type: 'stop' } satisfies ParentMessage);
  }
}

/** Runs a one-shot task (the pathological shapes) and returns its result. */
export async function runOnce<T>(task: string, options: object): Promise<T> {
  const { child, stderr } = spawnWorker(task, options);
  const m = await nextMessage(child, stderr);
  if (m.type !== 'result') throw new Error(`unexpected ${m.type} from the child`);
  return m.value as T;
}
