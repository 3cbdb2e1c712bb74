/**
 * The command writes to descriptors 1 and 2 and builds process.stdout and
 * process.stderr only when something needs them (src/cli/standard-output.ts);
 * once built, they must still handle a reader that went away as the command
 * always has: stdout's EPIPE ends it quietly with 0, stderr's errors are
 * dropped. Real processes, the named stream's far end closed by the test.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const probe = fileURLToPath(new URL('../support/standard-streams-probe.ts', import.meta.url));

/** Exit code of the probe with `stream`'s reader gone before it writes. */
function exitCode(mode: 'guard' | 'none', stream: 'stdout' | 'stderr'): Promise<number | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', probe, mode, stream], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  (stream === 'stdout' ? child.stdout : child.stderr).destroy();
  return new Promise((resolve) => child.on('close', resolve));
}

describe('process.stdout and process.stderr, built late', () => {
  it('a write to a closed stderr is dropped and the command ends as it would (without: a crash)', async () => {
    expect(await exitCode('guard', 'stderr')).toBe(5);
    expect(await exitCode('none', 'stderr')).toBe(1);
  });

  it('a write to a closed stdout ends the command quietly with 0 (without: a crash)', async () => {
    expect(await exitCode('guard', 'stdout')).toBe(0);
    expect(await exitCode('none', 'stdout')).toBe(1);
  });
});
