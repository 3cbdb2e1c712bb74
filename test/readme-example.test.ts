/**
 * The README's "Using the core from code" example, run as its own Node
 * process against the sources (the package name resolving to the built
 * files is checked by the Dockerfile replay).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));

function example(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.indexOf('## Using the core from code');
  const start = readme.indexOf('```js\n', section);
  const end = readme.indexOf('```\n', start + 6);
  if (section < 0 || start < 0 || end < 0) throw new Error('README example not found');
  return readme.slice(start + 6, end);
}

describe('README library example', () => {
  it('runs and prints an explain card and a diagnosis', () => {
    const core = pathToFileURL(join(root, 'src/core/index.ts')).href;
    const code = example().replace("from 'sip-triage'", `from '${core}'`);
    expect(code).toContain(core);
    const dir = mkdtempSync(join(tmpdir(), 'sip-triage-readme-'));
    try {
      const file = join(dir, 'example.mts');
      writeFileSync(file, code);
      const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
        cwd: root,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^\[reply, public\]\n486 Busy Here\n/);
      expect(run.stdout).toMatch(/\[reply, public\]\nINVITE failed: 486 Busy Here/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
