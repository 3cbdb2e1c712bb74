import { spawn, spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  INTERRUPTED_EXIT_CODE,
  runConsole,
} from '../../../src/adapters/console/console-adapter.js';
import { createLogger } from '../../../src/logger.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A stream readline takes for a terminal: Ctrl-C then arrives as the byte 0x03, not as a signal. */
function fakeTerminal(): PassThrough & { isTTY: boolean; setRawMode: (on: boolean) => void } {
  return Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => {} });
}

describe('Ctrl-C in the console', () => {
  it('at a terminal, interrupts at once, also with a half-typed line and a pending paste', async () => {
    const input = fakeTerminal();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (c: Buffer) => {
      shown += c.toString();
    });
    let interrupts = 0;
    const done = runConsole({
      input,
      output,
      interactive: true,
      color: false,
      format: 'text',
      kb: realKnowledge(),
      logger: createLogger('error', () => {}),
      onInterrupt: () => {
        interrupts += 1;
      },
    });
    input.write('SIP/2.0 486 Busy Here\n/sip 40');
    input.write('\u0003');
    const answered = await done;
    expect(interrupts).toBe(1);
    expect(answered).toBe(0);
    expect(shown).not.toContain('Busy Here\n486');
  });

  it('as a process: SIGINT ends it with 130 even while it waits for input', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'console'], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'warn' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    const answeredOnce = new Promise<void>((resolve) => {
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('503 Service Unavailable')) resolve();
      });
    });
    child.stdin.write('/sip 503\n');
    await answeredOnce;
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(INTERRUPTED_EXIT_CODE);
  }, 30_000);

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)(
    'in a pseudo-terminal: Ctrl-C typed at the prompt exits with 130',
    async () => {
      // util-linux script(1) runs the console in a pty; -e returns the console's exit code.
      const child = spawn(
        'script',
        ['-qfec', `"${process.execPath}" --import tsx src/cli.ts console`, '/dev/null'],
        {
          cwd: root,
          env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'warn' },
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let out = '';
      const prompted = new Promise<void>((resolve) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('sip> ')) resolve();
        });
      });
      await prompted;
      child.stdin.write('/sip 4');
      await new Promise((r) => setTimeout(r, 200));
      child.stdin.write('\u0003');
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code).toBe(INTERRUPTED_EXIT_CODE);
    },
    30_000,
  );
});
