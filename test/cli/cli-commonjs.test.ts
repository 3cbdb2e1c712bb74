/**
 * The build step that gives the CLI's bundle files CommonJS twins
 * (scripts/cli-commonjs.ts), on a small hand-made bundle: which files get
 * a twin, how the twins find each other and their own URL, and that a
 * chunk whose twin would behave differently fails the build. The real
 * bundle's twins are run against the ES module files in
 * test/cold-start-loading.test.ts.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { commandPath } from '../../bench/cli-command.js';
import {
  CLI_LAUNCHER,
  exportsAsValues,
  reachableOutputs,
  staticImportCycle,
  writeCliCommonJs,
} from '../../scripts/cli-commonjs.js';

const scratch = mkdtempSync(join(tmpdir(), 'sip-triage-cli-cjs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Imports = Metafile['outputs'][string]['imports'];

/** A package folder with dist/bundle/ holding `files`. */
function bundle(name: string, files: Record<string, { code: string; imports: Imports }>) {
  const root = join(scratch, name);
  mkdirSync(join(root, 'dist/bundle'), { recursive: true });
  const meta: Metafile = { inputs: {}, outputs: {} };
  for (const [file, { code, imports }] of Object.entries(files)) {
    writeFileSync(join(root, 'dist/bundle', file), code);
    meta.outputs[`dist/bundle/${file}`] = { bytes: code.length, inputs: {}, imports, exports: [] };
  }
  return { root, meta };
}

describe('writeCliCommonJs', () => {
  it('twins every file the CLI reaches, statically or with import(), and nothing else', async () => {
    const { root, meta } = bundle('reach', {
      'cli.js': {
        code: [
          "import { greet } from './chunk-A.js';",
          'const where = new URL("../cli/where.js", import.meta.url).href;',
          "import('./late-B.js').then(({ late }) =>",
          "  process.stdout.write([greet(), late(), where, ...process.execArgv, process.env.MALLOC_TOP_PAD_, process.env.GLIBC_TUNABLES].join(' ') + '\\n'),",
          ');',
        ].join('\n'),
        imports: [
          { path: 'dist/bundle/chunk-A.js', kind: 'import-statement' },
          { path: 'dist/bundle/late-B.js', kind: 'dynamic-import' },
          { path: 'node:fs', kind: 'import-statement', external: true },
        ],
      },
      'chunk-A.js': { code: "export const greet = () => 'hello';\n", imports: [] },
      'late-B.js': { code: "export const late = () => 'later';\n", imports: [] },
      'bot-only-C.js': { code: "export const bot = () => 'bot';\n", imports: [] },
    });
    expect(reachableOutputs(meta, 'dist/bundle/cli.js')).toEqual([
      'dist/bundle/chunk-A.js',
      'dist/bundle/cli.js',
      'dist/bundle/late-B.js',
    ]);
    await writeCliCommonJs(meta, root, join(root, 'dist'), 'dist/bundle/cli.js');
    for (const twin of ['cli.cjs', 'chunk-A.cjs', 'late-B.cjs'])
      expect(existsSync(join(root, 'dist/bundle', twin)), twin).toBe(true);
    expect(existsSync(join(root, 'dist/bundle/bot-only-C.cjs'))).toBe(false);

    const cliTwin = readFileSync(join(root, 'dist/bundle/cli.cjs'), 'utf8');
    expect(cliTwin).toMatch(/^'use strict';/);
    expect(cliTwin).toContain('require("./chunk-A.cjs")');
    expect(cliTwin).toContain('require("./late-B.cjs")');
    expect(cliTwin).not.toMatch(/\bimport\(/);

    // The twins answer, and import.meta.url is the twin's own URL.
    const bin = join(root, 'dist/cli.cjs');
    const where = new URL('../cli/where.js', pathToFileURL(join(root, 'dist/bundle/cli.cjs')));
    const env = { ...process.env, MALLOC_TOP_PAD_: undefined, GLIBC_TUNABLES: undefined };
    const byNode = execFileSync(process.execPath, [bin], { encoding: 'utf8', env });
    expect(byNode).toBe(`hello later ${where.href}  \n`);
    // Run as the command runs, by its first lines: sh starts this Node with the pool option and
    // the malloc settings, unless the caller set their own.
    expect(readFileSync(bin, 'utf8').startsWith(CLI_LAUNCHER)).toBe(true);
    const path = commandPath();
    const asCommand = execFileSync(bin, { encoding: 'utf8', env: { ...env, PATH: path } });
    expect(asCommand).toBe(
      `hello later ${where.href} --v8-pool-size=0 33554432 glibc.malloc.hugetlb=1\n`,
    );
    const withOwn = {
      ...env,
      PATH: path,
      MALLOC_TOP_PAD_: '0',
      GLIBC_TUNABLES: 'glibc.malloc.arena_max=2',
    };
    expect(execFileSync(bin, { encoding: 'utf8', env: withOwn })).toBe(
      `hello later ${where.href} --v8-pool-size=0 0 glibc.malloc.arena_max=2\n`,
    );
  });

  it('fails the build when a twin would not keep what the chunk means (import.meta.dirname)', async () => {
    const { root, meta } = bundle('meta', {
      'cli.js': { code: 'console.log(import.meta.dirname);\n', imports: [] },
    });
    await expect(
      writeCliCommonJs(meta, root, join(root, 'dist'), 'dist/bundle/cli.js'),
    ).rejects.toThrow(/cli\.js: its CommonJS twin would differ/);
  });

  it('hands out each export as a plain value, set once the module has run', async () => {
    const { root, meta } = bundle('values', {
      'cli.js': {
        code: [
          "import { greet, Greeter, GREETING, late } from './chunk-A.js';",
          "process.stdout.write([greet(), new Greeter().hello(), GREETING, late()].join(' ') + '\\n');",
        ].join('\n'),
        imports: [{ path: 'dist/bundle/chunk-A.js', kind: 'import-statement' }],
      },
      'chunk-A.js': {
        code: [
          "import { late } from './chunk-B.js';",
          "var GREETING = 'hi';",
          'function greet() { return GREETING; }',
          "var Greeter = class { hello() { return 'hello'; } };",
          'export { greet, Greeter, GREETING, late };',
          '',
        ].join('\n'),
        imports: [{ path: 'dist/bundle/chunk-B.js', kind: 'import-statement' }],
      },
      'chunk-B.js': { code: "export const late = () => 'later';\n", imports: [] },
    });
    await writeCliCommonJs(meta, root, join(root, 'dist'), 'dist/bundle/cli.js');
    const env = { ...process.env, MALLOC_TOP_PAD_: undefined, GLIBC_TUNABLES: undefined };
    const out = execFileSync(process.execPath, [join(root, 'dist/cli.cjs')], {
      encoding: 'utf8',
      env,
    });
    expect(out).toBe('hi hello hi later\n');

    const required = createRequire(join(root, 'dist/bundle/'));
    const a = required('./chunk-A.cjs') as Record<string, unknown>;
    expect(Object.keys(a).sort()).toEqual(['GREETING', 'Greeter', 'greet', 'late']);
    for (const name of Object.keys(a)) {
      const property = Object.getOwnPropertyDescriptor(a, name);
      // A value, not esbuild's getter: reading it calls nothing.
      expect(property?.get, name).toBeUndefined();
      expect(property?.value, name).toBe(a[name]);
    }
    expect(a.GREETING).toBe('hi');
    expect((a.late as () => string)()).toBe('later');
    // Marked as an ES module's exports, as esbuild marks them, for import() of the twin.
    expect(a.__esModule).toBe(true);
    expect(Object.keys(a)).not.toContain('__esModule');
  });

  it('fails the build when bundle files import each other (import() back is fine)', async () => {
    const files = {
      'cli.js': {
        code: "import { a } from './chunk-A.js';\nconsole.log(a);\n",
        imports: [{ path: 'dist/bundle/chunk-A.js', kind: 'import-statement' as const }],
      },
      'chunk-A.js': {
        code: "import { b } from './chunk-B.js';\nexport const a = () => b;\n",
        imports: [{ path: 'dist/bundle/chunk-B.js', kind: 'import-statement' as const }],
      },
      'chunk-B.js': {
        code: "export const b = 1;\nexport const again = () => import('./chunk-A.js');\n",
        imports: [{ path: 'dist/bundle/chunk-A.js', kind: 'dynamic-import' as const }],
      },
    };
    const lazy = bundle('lazy-back', files);
    const all = reachableOutputs(lazy.meta, 'dist/bundle/cli.js');
    expect(staticImportCycle(lazy.meta, all)).toBeUndefined();
    await writeCliCommonJs(lazy.meta, lazy.root, join(lazy.root, 'dist'), 'dist/bundle/cli.js');

    const { root, meta } = bundle('cycle', {
      ...files,
      'chunk-B.js': {
        code: "import { a } from './chunk-A.js';\nexport const b = () => a;\n",
        imports: [{ path: 'dist/bundle/chunk-A.js', kind: 'import-statement' }],
      },
    });
    expect(staticImportCycle(meta, reachableOutputs(meta, 'dist/bundle/cli.js'))).toEqual([
      'dist/bundle/chunk-A.js',
      'dist/bundle/chunk-B.js',
      'dist/bundle/chunk-A.js',
    ]);
    await expect(
      writeCliCommonJs(meta, root, join(root, 'dist'), 'dist/bundle/cli.js'),
    ).rejects.toThrow(/chunk-A\.js -> dist\/bundle\/chunk-B\.js -> .*import each other/);
  });

  it('can hand out values because no module in src exports a binding it reassigns (let or var)', () => {
    const src = join(import.meta.dirname, '../../src');
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.ts'),
    );
    expect(files.length).toBeGreaterThan(100);
    const reassignable: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(src, file), 'utf8');
      for (const m of text.matchAll(/^export\s+(?:let|var)\s+(\w+)/gm))
        reassignable.push(`${file}: ${m[1]}`);
      // `export { x }` of a local let or var is the same thing written apart.
      for (const m of text.matchAll(/^export\s*\{([^}]*)\}\s*;?\s*$/gm)) {
        for (const name of (m[1] ?? '').split(',').map((n) => n.trim().split(/\s+as\s+/)[0])) {
          if (name && new RegExp(`^(?:let|var)\\s+${name}\\b`, 'm').test(text))
            reassignable.push(`${file}: ${name}`);
        }
      }
    }
    expect(reassignable).toEqual([]);
  });

  it('fails the build, saying what to update, when esbuild hands out exports in another shape', () => {
    const plain = "'use strict';\nconsole.log(1);\n";
    expect(exportsAsValues(plain, 'cli.js')).toBe(plain);
    const other = 'var stdin_exports = {};\nmodule.exports = __toCommonJS(stdin_exports, true);\n';
    expect(() => exportsAsValues(other, 'chunk-A.js')).toThrow(
      /chunk-A\.js: .*update exportsAsValues in scripts\/cli-commonjs\.ts/,
    );
  });
});
