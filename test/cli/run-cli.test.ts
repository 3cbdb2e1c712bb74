import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/run-cli.js';
import { runCaptured } from '../helpers/run-cli.js';

const run = (...args: string[]) => runCaptured(args);

describe('sip-triage CLI', () => {
  it('explains a code as text, exit 0', async () => {
    const { code, out } = await run('explain', '403');
    expect(code).toBe(EXIT.found);
    expect(out).toMatch(/^403 Forbidden\n/);
    expect(out).toContain('FIX CHECKLIST');
  });

  it('prints the JSON contract with --json', async () => {
    const { code, out } = await run('explain', '423', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(json).toMatchObject({
      kind: 'response-code',
      code: 423,
      phrase: 'Interval Too Brief',
      class: '4xx',
    });
    expect(json.headers).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Min-Expires' })]),
    );
  });

  it('joins several words into one query', async () => {
    const { out } = await run('explain', 'too', 'many', 'hops', '--format', 'json');
    expect(JSON.parse(out)).toMatchObject({ code: 483 });
  });

  it.each(['markdown', 'slack', 'discord'])('renders --format %s', async (format) => {
    const { code, out } = await run('explain', '503', '--format', format);
    expect(code).toBe(0);
    if (format !== 'markdown') expect(Array.isArray(JSON.parse(out))).toBe(true);
    else expect(out).toMatch(/^## 503 Service Unavailable/);
  });

  it('exits 1 when nothing matches', async () => {
    const { code, out } = await run('explain', 'qwzxv');
    expect(code).toBe(EXIT.notFound);
    expect(out).toContain('Nothing matched');
  });

  it.each([
    [['explain'], /needs a query/],
    [['explain', '403', '--format', 'pdf'], /--format takes/],
    [['explain', '403', '--json', '--format', 'text'], /disagree/],
    [['explain', '403', '--bogus'], /bogus/],
    [['list', '--class', '9xx'], /--class takes/],
    [['frobnicate'], /unknown command/],
    [[], /Usage/],
  ])('exits 2 with a usage message for %j', async (args, message) => {
    const { code, err } = await run(...args);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(message);
  });

  it('lists codes, optionally by class, as text or JSON', async () => {
    const all = await run('list');
    expect(all.out.trim().split('\n')).toHaveLength(75);
    const cls = await run('list', '--class', '6xx', '--json');
    const json = JSON.parse(cls.out) as { codes: { code: number }[] };
    expect(json.codes.map((c) => c.code)).toEqual([600, 603, 604, 606, 607, 608]);
  });

  it('prints help and version', async () => {
    expect((await run('--help')).out).toContain('sip-triage explain <query>');
    expect((await run('--version')).out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

/**
 * The CLI as its own process (issue 12, items 11 and 14): a reader that
 * closes the pipe early, and another project's .env in the working directory.
 */
describe('sip-triage as a process', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const tsx = import.meta.resolve('tsx');
  const cleanEnv = () =>
    Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) =>
          !/^(SLACK|DISCORD)_|^PORT$|^LOG_LEVEL$|^KNOWLEDGE_DIR$|^SIP_/.test(k) &&
          k !== 'NODE_OPTIONS',
      ),
    );

  it('stops quietly with 0 when stdout is closed early (sip-triage list | head -1)', async () => {
    const child = spawn(process.execPath, ['--import', tsx, join(root, 'src/cli.ts'), 'list'], {
      cwd: root,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // The reader goes away before the first line is written.
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  it('says it cannot write the output, with exit 1, when the output fails (Linux /dev/full: a full disk)', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const child = spawn(
        process.execPath,
        ['--import', tsx, join(root, 'src/cli.ts'), 'explain', '403'],
        { cwd: root, env: cleanEnv(), stdio: ['ignore', full, 'pipe'] },
      );
      let err = '';
      child.stderr?.on('data', (c: Buffer) => {
        err += c.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(err).toMatch(/^sip-triage: cannot write the output: ENOSPC/);
      expect(code).toBe(1);
    } finally {
      closeSync(full);
    }
  });

  describe("in a directory with another project's .env", () => {
    let dir = '';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'sip-triage-foreign-env-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const run = (script: string, args: string[], dotenv: string) => {
      writeFileSync(join(dir, '.env'), dotenv);
      return spawnSync(process.execPath, ['--import', tsx, join(root, script), ...args], {
        cwd: dir,
        env: cleanEnv(),
        input: '',
        encoding: 'utf8',
        timeout: 30_000,
      });
    };
    const foreign =
      'LOG_LEVEL=trace\nSLACK_BOT_TOKEN=not-a-token\nPORT=eighty\nDATABASE_URL=postgres://x\n';

    it('explains 403 all the same (exit 0)', () => {
      const result = run('src/cli.ts', ['explain', '403'], foreign);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^403 Forbidden\n/);
    });

    it('still reads its own variables from it', () => {
      const result = run(
        'src/cli.ts',
        ['explain', '403'],
        `${foreign}KNOWLEDGE_DIR=/no/such/dir\n`,
      );
      expect(result.status).toBe(EXIT.usage);
      expect(result.stderr).toMatch(
        /KNOWLEDGE_DIR="\/no\/such\/dir": must be an existing directory/,
      );
    });

    it('while the bot loads the whole .env and refuses what it cannot serve with', () => {
      const result = run('src/main.ts', [], foreign);
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/LOG_LEVEL="trace"/);
    });
  });
});
