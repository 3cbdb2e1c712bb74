/**
 * The CLI and the console must start without loading a chat platform SDK:
 * @slack/bolt and discord.js are large, slow to load, and only the adapters
 * that talk to those platforms need them.
 *
 * Each entry point runs as its own Node process, through tsx like the
 * console-adapter test runs src/main.ts, with test/support/trace-modules.mjs
 * recording every module the process loads. The test then looks for SDK
 * files among them. Two probes that do import the SDKs show the tracer would
 * catch it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runTraced, type Traced } from './support/traced-node.js';

const root = fileURLToPath(new URL('../', import.meta.url));
// tsx goes to --import as a file URL: the processes start outside the repository.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A process gets this long before it is killed; tsx compiles src/ cold on first use. */
const PROCESS_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = PROCESS_TIMEOUT_MS + 10_000;

/** Matches a file of a platform SDK; the capture is the package name. */
const SDK_FILE = /\/node_modules\/((?:@slack|@discordjs)\/[^/]+|discord\.js)\//;

/** The SDK packages among loaded URLs, each once, so a failure names them. */
function sdkPackages(loaded: string[]): string[] {
  return [...new Set(loaded.flatMap((url) => SDK_FILE.exec(url)?.[1] ?? []))].sort();
}

// Each process runs in a scratch directory so that a developer's .env (read
// from the working directory at start-up) cannot turn a chat adapter on.
const scratch = mkdtempSync(join(tmpdir(), 'sip-triage-sdk-loading-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The environment without any Slack or Discord setting, so no adapter has a reason to start. */
function envWithoutPlatforms(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(SLACK|DISCORD)_/.test(key)),
  );
}

/** Runs `node --import tsx --import <tracer> <args>`, feeding `stdin`, killed after PROCESS_TIMEOUT_MS. */
function traced(args: string[], stdin = '', cwd = scratch): Promise<Traced> {
  return runTraced(args, {
    imports: [tsx],
    cwd,
    env: envWithoutPlatforms(),
    stdin,
    traceDir: scratch,
    timeoutMs: PROCESS_TIMEOUT_MS,
  });
}

const cli = join(root, 'src/cli.ts');
const main = join(root, 'src/main.ts');

/**
 * Checks that no SDK file loaded, after checking the trace saw the code the
 * command needs (`usedDir`, a folder of src/ the command must import): an
 * empty or partial trace would otherwise pass.
 */
function expectNoSdk(run: Traced, usedDir: string): void {
  expect(run.loaded, `the trace misses ${usedDir}`).toContainEqual(
    expect.stringContaining(usedDir),
  );
  expect(sdkPackages(run.loaded)).toEqual([]);
}

describe('platform SDKs stay unloaded', () => {
  it(
    'sip-triage explain 403',
    async () => {
      const run = await traced([cli, 'explain', '403']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^403 Forbidden\n/);
      expectNoSdk(run, '/src/core/knowledge/');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'sip-triage list',
    async () => {
      const run = await traced([cli, 'list']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('403');
      expectNoSdk(run, '/src/core/knowledge/');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'sip-triage parse on a committed paste',
    async () => {
      const run = await traced([cli, 'parse', join(root, 'test/fixtures/pastes/ngrep.txt')]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/INVITE/);
      expectNoSdk(run, '/src/core/ingest/');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'sip-triage diagnose on a committed capture',
    async () => {
      const run = await traced([
        cli,
        'diagnose',
        join(root, 'test/fixtures/captures/any-tcpdump.pcap'),
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^INVITE sip:/);
      expectNoSdk(run, '/src/core/diagnose/');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'sip-triage console answering /sip 403 from standard input',
    async () => {
      const run = await traced([cli, 'console'], '/sip 403\n');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^403 Forbidden\n/);
      expectNoSdk(run, '/src/adapters/console/');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the bot entry point with no platform configured (it starts the console)',
    async () => {
      const run = await traced([main], '/sip 403\n');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^403 Forbidden\n/);
      expectNoSdk(run, '/src/adapters/console/');
    },
    TEST_TIMEOUT_MS,
  );
});

describe('the tracer sees an SDK when one loads (guards the guard)', () => {
  // Run from the repository so the bare package names resolve.
  const probe = (source: string) => traced(['--input-type=module', '-e', source], '', root);

  it(
    'records @slack/bolt, its ESM entry and the packages it require()s',
    async () => {
      const run = await probe("import '@slack/bolt';");
      expect(run.code).toBe(0);
      // @slack/web-api is seen only through the require cache: bolt require()s it.
      expect(sdkPackages(run.loaded)).toEqual(
        expect.arrayContaining(['@slack/bolt', '@slack/web-api']),
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'records discord.js and the @discordjs packages it require()s',
    async () => {
      const run = await probe("import 'discord.js';");
      expect(run.code).toBe(0);
      expect(sdkPackages(run.loaded)).toEqual(
        expect.arrayContaining(['discord.js', '@discordjs/rest', '@discordjs/ws']),
      );
    },
    TEST_TIMEOUT_MS,
  );
});
