/**
 * V8 code caches for the command's bundle files (src/cli/code-cache.ts).
 *
 * On a hand-made bundle folder, in processes of their own: a training run
 * writes a cache for each bundle file it loaded and none for other files;
 * the next run compiles each file with its cache, and the files behave as
 * Node's own loader runs them (exports, require of a neighbour and of a
 * built-in, __filename, __dirname, a "#!" line, a thrown error's place); a
 * cache older than its source is not offered; a damaged cache, or a V8 flag
 * changed before the file loads, is refused and the file compiles from its
 * source.
 *
 * Built as `npm run build` builds it, into a scratch package: the build's
 * training (scripts/train-code-cache.ts) leaves a cache for every file a
 * diagnosis loads, a 5 MB paste and a capture piped in (both past the size
 * from which the young generation's cap changes a V8 flag) compile every
 * file with its cache, and their answers are those of a process without
 * caches, byte for byte.
 */
import { execFile, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPaste } from '../../bench/sip/paste.js';
import { interleavedMessages, writeCorpusFile } from '../../bench/sip/write-corpus.js';
import { trainCodeCache } from '../../scripts/train-code-cache.js';
import { CODE_CACHE_DIR, cacheFileOf } from '../../src/cli/code-cache.js';
import { buildPackage } from '../helpers/built-package.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOADER = fileURLToPath(new URL('../../src/cli/code-cache.ts', import.meta.url));
const run = promisify(execFile);

const scratch = mkdtempSync(join(tmpdir(), 'sip-triage-code-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the loader, on a hand-made bundle', () => {
  const bundle = join(scratch, 'bundle');
  const outside = join(scratch, 'outside.cjs');

  beforeAll(() => {
    mkdirSync(bundle);
    writeFileSync(
      join(bundle, 'entry.cjs'),
      [
        '#!/usr/bin/env node',
        "'use strict';",
        "const { twice, entryMarker } = require('./helper.cjs');",
        "const { basename } = require('node:path');",
        "const outside = require('../outside.cjs');",
        "const shared = require('./shared.cjs');",
        'exports.marker = {};',
        'exports.answer = () => [twice(21), basename(__filename), basename(__dirname), outside.kind, shared.loads(), entryMarker() === exports.marker];',
        "exports.fail = () => { throw new Error('from the bundle'); };",
        '',
      ].join('\n'),
    );
    // The helper and the entry both require shared.cjs, and the helper the entry (which Node
    // loaded): each file runs once, and a require gets the same exports wherever it comes from.
    writeFileSync(
      join(bundle, 'helper.cjs'),
      [
        "'use strict';",
        "require('./shared.cjs');",
        'exports.twice = (n) => n * 2;',
        "exports.entryMarker = () => require('./entry.cjs').marker;",
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(bundle, 'shared.cjs'),
      "'use strict';\nglobalThis.sharedLoads = (globalThis.sharedLoads ?? 0) + 1;\nexports.loads = () => globalThis.sharedLoads;\n",
    );
    writeFileSync(outside, "exports.kind = 'outside';\n");
  });

  /**
   * Loads the bundle's entry in a process of its own, the loader installed
   * first with `mode`; `flags`: V8 flags set before the entry loads.
   */
  async function load(mode?: string, flags?: string) {
    const script = `
      import { createRequire } from 'node:module';
      import { setFlagsFromString } from 'node:v8';
      import { useCodeCache } from ${JSON.stringify(LOADER)};
      const [bundle, mode, flags] = process.argv.slice(1);
      const counts = useCodeCache(bundle, mode || undefined);
      if (flags) setFlagsFromString(flags);
      const entry = createRequire(import.meta.url)(bundle + '/entry.cjs');
      let where = '';
      try { entry.fail(); } catch (error) { where = error.stack.split('\\n')[1].trim(); }
      console.log(JSON.stringify({ answer: entry.answer(), where, counts }));
    `;
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script, bundle, mode ?? '', flags ?? ''],
      { cwd: ROOT, timeout: 30_000 },
    );
    return JSON.parse(stdout) as {
      answer: unknown[];
      where: string;
      counts: { used: number; refused: number; none: number };
    };
  }

  const ANSWER = [42, 'entry.cjs', 'bundle', 'outside', 1, true];
  const WHERE = `${join(bundle, 'entry.cjs')}:9:`;

  it('trains: a cache for each bundle file loaded, none for the others', async () => {
    const trained = await load('train');
    expect(trained.answer).toEqual(ANSWER);
    expect(trained.where).toContain(WHERE);
    expect(trained.counts).toEqual({ used: 0, refused: 0, none: 3 });
    expect(readdirSync(join(bundle, CODE_CACHE_DIR)).sort()).toEqual([
      'entry.cjs.v8',
      'helper.cjs.v8',
      'shared.cjs.v8',
    ]);
  });

  it('then compiles each file with its cache, and the files do what they did', async () => {
    const cached = await load();
    expect(cached.counts).toEqual({ used: 3, refused: 0, none: 0 });
    expect(cached.answer).toEqual(ANSWER);
    expect(cached.where).toContain(WHERE);
  });

  it('refuses a cache when a V8 flag changed, and runs the files from source', async () => {
    const flagged = await load(undefined, '--no-lazy-feedback-allocation');
    expect(flagged.counts).toEqual({ used: 0, refused: 3, none: 0 });
    expect(flagged.answer).toEqual(ANSWER);
  });

  it('runs a file from source when its cache is damaged or older than it', async () => {
    const helperCache = cacheFileOf(join(bundle, CODE_CACHE_DIR), 'helper.cjs');
    const good = readFileSync(helperCache);
    try {
      writeFileSync(helperCache, good.subarray(0, good.byteLength >> 1));
      expect((await load()).counts).toEqual({ used: 2, refused: 1, none: 0 });
      writeFileSync(helperCache, good);
      // The source edited after the training: its cache is not offered at all.
      const later = new Date(Date.now() + 60_000);
      utimesSync(join(bundle, 'helper.cjs'), later, later);
      const stale = await load();
      expect(stale.counts).toEqual({ used: 2, refused: 0, none: 1 });
      expect(stale.answer).toEqual(ANSWER);
    } finally {
      writeFileSync(helperCache, good);
    }
  });
});

describe('the built command', () => {
  const pkg = join(scratch, 'package');
  let cli: string;
  let paste: string;
  let capture: string;

  beforeAll(async () => {
    // Built as `npm run build` builds it, the training included.
    cli = await buildPackage(pkg);
    trainCodeCache(pkg, ROOT);
    // Past 4 MiB each: the young generation's cap sets a V8 flag while they are read.
    paste = join(scratch, 'busy-proxy.txt');
    writeFileSync(paste, renderPaste([...interleavedMessages(50_000)], 5_000_000).text);
    capture = join(scratch, 'busy-proxy.pcap');
    writeCorpusFile(capture, 8_000, 'interleaved');
  }, 180_000);

  /**
   * `sip-triage diagnose <path> --format json` (`stdin`: a file piped in),
   * the command's V8 flags as given (`flags`), the caches' use reported.
   */
  function diagnose(path: string, stdin?: string, flags: string[] = []) {
    const child = spawnSync(
      process.execPath,
      [...flags, cli, 'diagnose', path, '--format', 'json'],
      {
        cwd: scratch,
        env: { ...process.env, SIP_TRIAGE_CODE_CACHE: 'report' },
        input: stdin === undefined ? '' : readFileSync(stdin),
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(child.status, child.stderr).toBe(0);
    const counts = /code cache: (\d+) used, (\d+) refused, (\d+) none/.exec(child.stderr);
    return {
      out: child.stdout,
      used: Number(counts?.[1]),
      refused: Number(counts?.[2]),
      none: Number(counts?.[3]),
    };
  }

  it('is trained on every file a diagnosis loads', () => {
    const caches = readdirSync(join(pkg, 'dist/bundle', CODE_CACHE_DIR));
    expect(caches).toContain('cli.cjs.v8');
    for (const prefix of ['diagnosis-answer-', 'parse-text-', 'read-capture-', 'json-'])
      expect(
        caches.some((file) => file.startsWith(prefix)),
        prefix,
      ).toBe(true);
  });

  it.each([
    ['a 5 MB paste', () => [paste, undefined] as const],
    ['a capture piped in', () => ['-', capture] as const],
  ])(
    'compiles every file of a diagnosis of %s with its cache, to the same answer',
    (_what, input) => {
      const [path, stdin] = input();
      const cached = diagnose(path, stdin);
      expect(cached.used).toBeGreaterThan(30);
      expect([cached.refused, cached.none]).toEqual([0, 0]);
      // With a V8 flag that makes V8 refuse every cache: the same answer, byte for byte.
      const uncached = diagnose(path, stdin, ['--no-lazy-feedback-allocation']);
      expect(uncached.used).toBe(0);
      expect(uncached.refused).toBe(cached.used);
      expect(uncached.out).toBe(cached.out);
      expect(JSON.parse(cached.out).dialogs.length).toBeGreaterThan(100);
    },
    60_000,
  );
});
