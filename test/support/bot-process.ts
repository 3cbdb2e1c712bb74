/**
 * The bot's entry (src/main.ts through tsx) as its own process, the way an
 * operator starts it, with only the chat variables a test gives it (none
 * of the developer's Slack or Discord settings leak in), and a free port.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Bot {
  child: ChildProcessWithoutNullStreams;
  /** Everything it wrote to stderr so far (its JSON log lines). */
  err: () => string;
  exit: Promise<number | null>;
}

export function startBot(env: Record<string, string>): Bot {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SLACK|DISCORD)_|^PORT$|^SHARD/.test(k)),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...clean, LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { child, err: () => err, exit };
}
