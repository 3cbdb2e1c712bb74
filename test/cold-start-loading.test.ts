/**
 * What the built CLI loads (issue 13): a lookup reads the knowledge snapshot
 * and loads neither the YAML parser nor the schemas (zod), nor any platform
 * SDK or picture renderer; --help and --version load nothing of the core.
 * The snapshot is ignored as soon as knowledge/ changes, and an operator's
 * KNOWLEDGE_DIR is validated as ever.
 *
 * The package is built into a scratch folder as `npm run build` builds it
 * (tsc, the entry bundles of scripts/bundle-entries.ts, the snapshot) beside a
 * copy of knowledge/, so the test never depends on a dist/ left by someone
 * else and may edit its knowledge freely. Module loading is traced as in
 * sdk-loading.test.ts (test/support/trace-modules.mjs); a bundle file that was
 * loaded counts as every source module esbuild put into it.
 */
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandPath } from '../bench/cli-command.js';
import { BUNDLE_DIR, bundleEntries } from '../scripts/bundle-entries.js';
import { CLI_LAUNCHER, CODE_CACHE_LOADER } from '../scripts/cli-commonjs.js';
import { runTraced, type Traced } from './support/traced-node.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const PROCESS_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 60_000;

/** Packages a lookup has no use for; the capture is the package name. */
const HEAVY_PACKAGE =
  /\/node_modules\/(zod|yaml|@slack\/[^/]+|@discordjs\/[^/]+|discord\.js|@resvg\/[^/]+|opentype\.js)\//;

function packagesLoaded(loaded: string[], pattern = HEAVY_PACKAGE): string[] {
  return [...new Set(loaded.flatMap((url) => pattern.exec(url)?.[1] ?? []))].sort();
}

const scratch = mkdtempSync(join(tmpdir(), 'sip-triage-cold-loading-'));
const pkg = join(scratch, 'package');
/** The `sip-triage` command: package.json's bin, which runs the CommonJS twins of the CLI's bundle. */
const cli = join(pkg, 'dist/cli.cjs');
const work = join(scratch, 'work');
/** The user's cache folder for the runs here (XDG_CACHE_HOME): never the real one. */
const cacheHome = join(scratch, 'cache');
/** Where the CLI notes an installed copy's knowledge found unchanged by hashing. */
const verifiedNote = join(cacheHome, 'sip-triage', 'knowledge-verified.json');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
/** Source modules (as dist/ paths: `core/sip/parse-message.js`) in each bundle file, by file name. */
const bundled = new Map<string, string[]>();

beforeAll(async () => {
  mkdirSync(pkg);
  mkdirSync(work);
  // Type errors are the typecheck's business; this test needs the emitted files.
  await promisify(execFile)(
    join(root, 'node_modules/.bin/tsc'),
    ['-p', join(root, 'tsconfig.build.json'), '--outDir', join(pkg, 'dist')],
    { cwd: root },
  ).catch(() => undefined);
  if (!existsSync(join(pkg, 'dist/cli.js'))) throw new Error('tsc emitted no dist/cli.js');
  mkdirSync(join(pkg, 'src'));
  cpSync(join(root, 'src'), join(pkg, 'src'), { recursive: true });
  const meta: Metafile = await bundleEntries({ root: pkg });
  for (const [output, { inputs }] of Object.entries(meta.outputs)) {
    const name = /([^/]+\.js)$/.exec(output)?.[1];
    if (name === undefined) continue;
    bundled.set(
      name,
      Object.keys(inputs)
        .flatMap((input) => /^src\/(.+)\.ts$/.exec(input)?.[1] ?? [])
        .map((m) => `${m}.js`),
    );
  }
  if (!bundled.has('cli.js')) throw new Error('the bundle step wrote no cli.js');
  if (!existsSync(cli)) throw new Error('the bundle step wrote no dist/cli.cjs');
  cpSync(join(root, 'knowledge'), join(pkg, 'knowledge'), { recursive: true });
  copyFileSync(join(root, 'package.json'), join(pkg, 'package.json'));
  symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  await promisify(execFile)(process.execPath, [join(pkg, 'dist/build-knowledge-snapshot.js')]);
  if (!existsSync(join(pkg, 'dist/knowledge.snapshot.json')))
    throw new Error('the build wrote no snapshot');
}, 180_000);

/** Runs `node --import <tracer> <args>` in a scratch folder, without chat settings. */
function traced(args: string[], stdin = '', extraEnv: NodeJS.ProcessEnv = {}): Promise<Traced> {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(SLACK|DISCORD|SIP)_|^KNOWLEDGE_DIR$|^NODE_OPTIONS$/.test(key),
    ),
  );
  return runTraced(args, {
    cwd: work,
    env: { ...env, XDG_CACHE_HOME: cacheHome, ...extraEnv },
    stdin,
    traceDir: scratch,
    timeoutMs: PROCESS_TIMEOUT_MS,
  });
}

/**
 * The public built-in modules a run of the built package loaded (`node:zlib`...),
 * through test/support/trace-builtins.cjs: require() of a built-in reaches no ES module
 * hook, and the module tracer loads node:stream itself.
 */
async function builtinsLoaded(args: string[], stdin = ''): Promise<string[]> {
  const file = join(scratch, `builtins-${++builtinRuns}.txt`);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(SLACK|DISCORD|SIP)_|^KNOWLEDGE_DIR$|^NODE_OPTIONS$/.test(key),
    ),
  );
  const child = execFile(process.execPath, ['-r', BUILTIN_TRACER, ...args], {
    cwd: work,
    env: { ...env, XDG_CACHE_HOME: cacheHome, BUILTIN_TRACE_FILE: file },
    timeout: PROCESS_TIMEOUT_MS,
  });
  child.stdin?.end(stdin);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}`);
  return readFileSync(file, 'utf8').split('\n').filter(Boolean);
}
let builtinRuns = 0;
const BUILTIN_TRACER = join(root, 'test/support/trace-builtins.cjs');

/** The dist/ paths of the modules a run loaded, the bundle files' contents included. */
function distModules(run: Traced): string[] {
  return run.loaded.flatMap((url) => {
    const path = /\/package\/dist\/(.+)$/.exec(url)?.[1];
    if (path === undefined) return [];
    if (!path.startsWith(`${BUNDLE_DIR}/`)) return [path];
    // The code cache loader, which the launcher loads first, is its source file on its own.
    if (path === `${BUNDLE_DIR}/${CODE_CACHE_LOADER}`) return ['cli/code-cache.js'];
    // A CommonJS twin (NAME.cjs) holds what its bundle file (NAME.js) holds.
    const modules = bundled.get(path.slice(BUNDLE_DIR.length + 1).replace(/\.cjs$/, '.js'));
    if (modules === undefined) throw new Error(`${path} is not in the bundle's metafile`);
    return modules;
  });
}

/** Whether a module of the built package (a dist/ path or folder) was loaded. */
const loadedDist = (run: Traced, path: string): boolean =>
  distModules(run).some((module) => module.startsWith(path));

describe('the built CLI loads only what a command needs', () => {
  it(
    'explain 403: the snapshot, no YAML parser, no schemas, no SIP parser, no diagnosis',
    async () => {
      const run = await traced([cli, 'explain', '403']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^403 Forbidden\n/);
      // What runs is the bundle's CommonJS twins: besides the command's file, nothing of tsc's
      // output, and no ES module of the bundle.
      // (The tracer may see the command's file twice: resolved as the entry, and required.)
      expect(
        [...new Set(run.loaded)].filter((url) => /\/package\/dist\/(?!bundle\/)/.test(url)),
      ).toEqual([pathToFileURL(cli).href]);
      expect(run.loaded.filter((url) => /\/package\/dist\/bundle\/.*\.js$/.test(url))).toEqual([]);
      expect(loadedDist(run, 'core/knowledge/knowledge-snapshot.js')).toBe(true);
      expect(loadedDist(run, 'core/explain/explain.js')).toBe(true);
      expect(loadedDist(run, 'core/app/handle.js')).toBe(true);
      expect(packagesLoaded(run.loaded)).toEqual([]);
      // No .env in the working folder, knowledge/ as built: no dotenv, no hashing, no gunzip.
      expect(packagesLoaded(run.loaded, /\/node_modules\/(dotenv)\//)).toEqual([]);
      // Nor the stream, socket and terminal modules: the answer goes to the descriptor, a pipe here.
      const builtins = await builtinsLoaded([cli, 'explain', '403']);
      for (const builtin of ['node:crypto', 'node:zlib', 'node:stream', 'node:net', 'node:tty'])
        expect(builtins, builtin).not.toContain(builtin);
      for (const unused of [
        'core/knowledge/load-knowledge.js',
        'core/knowledge/schema.js',
        'core/knowledge/markdown-entry.js',
        'config.js',
        'core/sip/parse-message.js',
        'core/ingest/',
        'core/trace/',
        'core/diagnose/diagnose.js',
        // Through handle(): the registry loads the explain command alone.
        'core/commands/diagnose.js',
        'core/commands/checklist.js',
        'core/render/slack/',
        'core/render/discord/',
        'core/render/ladder',
      ])
        expect(loadedDist(run, unused), unused).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    '--version and --help: nothing of the core, no configuration, no dotenv',
    async () => {
      for (const flag of ['--version', '--help']) {
        const run = await traced([cli, flag]);
        expect(run.code, flag).toBe(0);
        expect(run.stdout, flag).toMatch(flag === '--version' ? /^\d+\.\d+\.\d+\n$/ : /^Usage:/m);
        expect(loadedDist(run, 'cli/help.js'), flag).toBe(true);
        expect(loadedDist(run, 'core/'), flag).toBe(false);
        expect(loadedDist(run, 'config'), flag).toBe(false);
        expect(
          run.loaded.filter((url) => url.includes('/node_modules/')),
          flag,
        ).toEqual([]);
        // Not even Node's stream, socket, terminal or module loader modules: only what the code
        // cache loader compiles the bundle files with (src/cli/code-cache.ts).
        expect(await builtinsLoaded([cli, flag]), flag).toEqual(['node:module', 'node:vm']);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'diagnose of a paste or a capture and the console: the snapshot, no YAML parser, no schemas, only the reader and renderer used',
    async () => {
      const paste = join(root, 'test/fixtures/pastes/raw.txt');
      const diagnosed = await traced([cli, 'diagnose', paste]);
      expect(diagnosed.stderr).toBe('');
      expect(diagnosed.code).toBe(0);
      expect(loadedDist(diagnosed, 'core/diagnose/diagnose.js')).toBe(true);
      expect(packagesLoaded(diagnosed.loaded)).toEqual([]);
      // Not gzip'd: no decompressor.
      expect(await builtinsLoaded([cli, 'diagnose', paste])).not.toContain('node:zlib');
      // A paste needs no packet decoders; no picture was asked for, so no picture renderer.
      for (const unused of [
        'core/ingest/capture/capture-reader.js',
        'core/ingest/capture/packet-decoder.js',
        'core/render/ladder-svg.js',
        'core/render/png.js',
        'core/render/html-report.js',
        'core/render/slack/',
        'core/render/discord/',
      ])
        expect(loadedDist(diagnosed, unused), unused).toBe(false);

      const capture = join(root, 'test/fixtures/real/out/kamailio-call-failures.pcap');
      const json = await traced([cli, 'diagnose', capture, '--format', 'json']);
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout).verdict.outcome).toBe('failed');
      expect(loadedDist(json, 'core/ingest/capture/capture-reader.js')).toBe(true);
      // A capture needs no text extractor.
      expect(loadedDist(json, 'core/ingest/extract/')).toBe(false);
      expect(loadedDist(json, 'core/render/json.js')).toBe(true);
      for (const unused of [
        'core/render/ladder-svg.js',
        'core/render/text.js',
        'core/render/slack/',
      ])
        expect(loadedDist(json, unused), unused).toBe(false);

      const consoled = await traced([cli, 'console'], '/sip 403\n');
      expect(consoled.stderr).toBe('');
      expect(consoled.code).toBe(0);
      expect(consoled.stdout).toMatch(/^403 Forbidden\n/);
      expect(loadedDist(consoled, 'adapters/console/')).toBe(true);
      expect(packagesLoaded(consoled.loaded)).toEqual([]);
      // A lookup typed as free text is offered to the diagnose command, which sees it cannot
      // hold SIP without loading the SIP reader: nothing of the diagnosis, only the text renderer.
      expect(loadedDist(consoled, 'core/commands/diagnose.js')).toBe(true);
      for (const unused of [
        'core/ingest/',
        'core/sip/parse-message.js',
        'core/commands/diagnosis-answer.js',
        'core/diagnose/diagnose.js',
        'core/trace/',
        'core/render/diagnosis-card.js',
        'core/render/render-as.js',
        'core/render/slack/',
        'core/render/discord/',
      ])
        expect(loadedDist(consoled, unused), unused).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'the bot entry point with no platform configured: its knowledge from the snapshot',
    async () => {
      const run = await traced([join(pkg, 'dist/main.js')], '/sip 403\n');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^403 Forbidden\n/);
      expect(loadedDist(run, 'core/knowledge/knowledge-snapshot.js')).toBe(true);
      // The bot checks its whole configuration (zod); the knowledge needs no YAML.
      expect(
        packagesLoaded(run.loaded, /\/node_modules\/(yaml|@slack\/[^/]+|discord\.js)\//),
      ).toEqual([]);
      expect(loadedDist(run, 'core/knowledge/load-knowledge.js')).toBe(false);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('the command is the CommonJS twin of the bundle', () => {
  it('package.json names dist/cli.cjs, which the build writes executable, with its launcher', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(manifest.bin['sip-triage']).toBe('dist/cli.cjs');
    expect(readFileSync(cli, 'utf8').startsWith(CLI_LAUNCHER)).toBe(true);
    expect(statSync(cli).mode & 0o111).toBe(0o111);
  });

  it(
    'run as a command (by its first line), answers as `node dist/cli.cjs` does',
    async () => {
      const capture = join(root, 'test/fixtures/real/out/kamailio-call-failures.pcap');
      const env = {
        ...process.env,
        NODE_OPTIONS: '',
        XDG_CACHE_HOME: cacheHome,
        PATH: commandPath(),
      };
      for (const args of [
        ['--version'],
        ['explain', '403'],
        ['diagnose', capture, '--format', 'json'],
      ]) {
        const run = promisify(execFile);
        const [asCommand, byNode] = await Promise.all([
          run(cli, args, { cwd: work, env, encoding: 'utf8' }),
          run(process.execPath, [cli, ...args], { cwd: work, env, encoding: 'utf8' }),
        ]);
        expect(asCommand.stdout.length, args.join(' ')).toBeGreaterThan(0);
        expect(asCommand, args.join(' ')).toEqual(byNode);
      }
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'answers every kind of command exactly as the ES module bundle (dist/cli.js) does',
    async () => {
      const esm = join(pkg, 'dist/cli.js');
      const paste = join(root, 'test/fixtures/pastes/raw.txt');
      const capture = join(root, 'test/fixtures/real/out/kamailio-call-failures.pcap');
      const cases: { args: string[]; stdin?: string }[] = [
        { args: ['--version'] },
        { args: ['--help'] },
        { args: [] },
        { args: ['explain', '403'] },
        { args: ['explain', 'busy', '--format', 'slack'] },
        { args: ['explain', 'q850 34', '--json'] },
        { args: ['list', '--class', '4xx'] },
        { args: ['diagnose', paste] },
        { args: ['diagnose', capture, '--format', 'json'] },
        // The ladder drawn by the font and PNG packages, loaded through require() here.
        { args: ['diagnose', paste, '--format', 'png'] },
        { args: ['diagnose', '-', '--format', 'markdown'], stdin: readFileSync(paste, 'utf8') },
        { args: ['parse', paste, '--json'] },
        { args: ['console'], stdin: '/sip 486\n/sip USER_BUSY\n' },
        { args: ['explain'] },
        { args: ['no-such-command'] },
        { args: ['diagnose', join(scratch, 'missing.txt')] },
      ];
      for (const { args, stdin } of cases) {
        const [twin, module] = await Promise.all([
          traced([cli, ...args], stdin),
          traced([esm, ...args], stdin),
        ]);
        const label = args.join(' ') || '(no arguments)';
        expect(twin.stdout.length + twin.stderr.length, label).toBeGreaterThan(0);
        expect({ code: twin.code, stdout: twin.stdout, stderr: twin.stderr }, label).toEqual({
          code: module.code,
          stdout: module.stdout,
          stderr: module.stderr,
        });
      }
    },
    4 * TEST_TIMEOUT_MS,
  );
});

describe('knowledge/ edited after the build', () => {
  it(
    'is loaded and validated, with the edit, until it holds what the snapshot was built from again',
    async () => {
      const file = join(pkg, 'knowledge/codes/403.md');
      const original = readFileSync(file, 'utf8');
      try {
        writeFileSync(file, original.replace('and still refuses', 'and still says no'));
        const run = await traced([cli, 'explain', '403']);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        expect(run.stdout.replace(/\s+/g, ' ')).toContain('and still says no');
        expect(loadedDist(run, 'core/knowledge/load-knowledge.js')).toBe(true);
        expect(packagesLoaded(run.loaded)).toEqual(['yaml', 'zod']);
      } finally {
        writeFileSync(file, original);
      }
      // The same bytes again (a new ctime): the contents are hashed and match, which is noted
      // in the user's cache folder (as for an installed copy, whose ctimes are all new).
      rmSync(verifiedNote, { force: true });
      const restored = await traced([cli, 'explain', '403']);
      expect(restored.stdout.replace(/\s+/g, ' ')).toContain('and still refuses');
      expect(packagesLoaded(restored.loaded)).toEqual([]);
      expect(existsSync(verifiedNote)).toBe(true);
      // The next command takes the note's word: no hashing, so no node:crypto.
      expect(await builtinsLoaded([cli, 'explain', '403'])).not.toContain('node:crypto');
      // Without the note, the files are hashed again.
      rmSync(verifiedNote);
      expect(await builtinsLoaded([cli, 'explain', '403'])).toContain('node:crypto');
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'an invalid edit fails the lookup with the validation error (exit 3)',
    async () => {
      const file = join(pkg, 'knowledge/codes/403.md');
      const original = readFileSync(file, 'utf8');
      try {
        writeFileSync(file, original.replace(/^phrase: .*$/m, 'phrase: X'));
        const run = await traced([cli, 'explain', '403']);
        expect(run.code).toBe(3);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(/codes\/403\.md: phrase/);
      } finally {
        writeFileSync(file, original);
      }
    },
    TEST_TIMEOUT_MS,
  );
});

describe("an operator's KNOWLEDGE_DIR", () => {
  it(
    'is validated: an invalid entry stops the built CLI with exit 3 and names the file',
    async () => {
      const dir = join(scratch, 'operator-knowledge');
      cpSync(join(root, 'knowledge'), dir, { recursive: true });
      const file = join(dir, 'codes/486.md');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^rfc: .*$/m, 'rfc: soon'));
      const run = await traced([cli, 'explain', '486'], '', { KNOWLEDGE_DIR: dir });
      expect(run.code).toBe(3);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/codes\/486\.md: rfc/);
      expect(packagesLoaded(run.loaded)).toEqual(['yaml', 'zod']);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'is used with its edits when valid',
    async () => {
      const dir = join(scratch, 'operator-knowledge-valid');
      cpSync(join(root, 'knowledge'), dir, { recursive: true });
      const file = join(dir, 'codes/486.md');
      const text = readFileSync(file, 'utf8');
      const summary = /^summary: (.*)$/m.exec(text)?.[1] ?? '';
      writeFileSync(file, text.replace(summary, `${summary} Edited by the operator.`));
      const run = await traced([cli, 'explain', '486'], '', { KNOWLEDGE_DIR: dir });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout.replace(/\s+/g, ' ')).toContain('Edited by the operator.');
    },
    TEST_TIMEOUT_MS,
  );
});
