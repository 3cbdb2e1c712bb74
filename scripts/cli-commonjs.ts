/**
 * Build step after the entry bundles: every bundle file the CLI can load
 * (dist/bundle/cli.js and what it imports, statically or with import())
 * gets a CommonJS twin beside it (NAME.cjs), and dist/cli.cjs, the
 * `sip-triage` command of package.json's "bin", starts the twins.
 *
 * Why (issue 13): Node loads an ES module with asynchronous reads and a
 * resolve, load and link step each, about 1 ms a file on the 2-core
 * machine of the bench; `explain 403` loads about 35 of the bundle's files,
 * and `--version` pays ~8 ms just to start the ES module loader. require()
 * reads a file in one synchronous call. Measured as whole processes, cold,
 * paired against the ES module files: `explain 403` about 26 ms faster, a
 * 1-packet diagnosis about 27 ms, `--version` about 10 ms; large inputs the
 * same (their time is in the work, not the loading).
 *
 * The twins are the same chunks, so every module still loads only when a
 * command needs it and exists once per process. Each is esbuild's own
 * ESM-to-CommonJS transform of the chunk: `import()` becomes a require()
 * run as a promise, `import.meta.url` the file's own URL (the bundle step
 * rewrote each source file's uses to resolve from there), and strict mode
 * is kept; only its exports are then handed out as plain values instead of
 * getters (exportsAsValues). The bot's entries (main, container) stay ES
 * modules: they start once and use top-level await.
 */
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { build, type Metafile, transform } from 'esbuild';
import { TRAIN_VARIABLE } from '../src/cli/code-cache.js';

/** The bundles' folder, under dist/. */
export const BUNDLE_DIR = 'bundle';

/** The command's file, under dist/. */
export const CLI_BIN = 'cli.cjs';

/**
 * The command's first two lines. The kernel hands the file to sh, which
 * starts Node on it with settings that only apply when a process
 * starts (measured in issue 13's note):
 * - --v8-pool-size=0: V8's helper threads sized to the cores beside the
 *   main thread (one on a 2-core host) instead of Node's four. They
 *   compile hot functions while the main thread parses, and on two cores
 *   four of them took turns on the main thread's core.
 * - MALLOC_TOP_PAD_ (glibc; others ignore it), unless already set: up to
 *   32 MiB of freed memory is kept for reuse instead of being handed back
 *   to the kernel and faulted in again. V8's compiler allocates and frees
 *   its working memory for every function it optimizes; a big diagnosis
 *   took a third fewer page faults with it.
 * - GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (glibc 2.35 and later; others
 *   ignore it), unless the caller set tunables of their own: glibc asks the
 *   kernel for transparent huge pages for what it allocates, where the
 *   kernel gives them only when asked (the usual "madvise" setting). The
 *   memory Node and V8 take from malloc (a pasted file's bytes, the
 *   compiler's working memory) is then faulted in 2 MB at a time instead
 *   of 4 KB: on a virtual machine each fault costs microseconds.
 * `#!/usr/bin/env -S node ...`, the usual way to pass an option, fails
 * where env is BusyBox's. To Node, the second line is a string and a
 * comment.
 */
export const CLI_LAUNCHER = [
  '#!/bin/sh',
  `':' //; export MALLOC_TOP_PAD_="\${MALLOC_TOP_PAD_-33554432}" GLIBC_TUNABLES="\${GLIBC_TUNABLES-glibc.malloc.hugetlb=1}"; exec node --v8-pool-size=0 "$0" "$@"`,
  '',
].join('\n');

/** The CommonJS twin's file name of a bundle file. */
export const commonJsName = (file: string): string => file.replace(/\.js$/, '.cjs');

/** Bundle files (paths as the metafile gives them) reachable from `entry`, the entry included. */
export function reachableOutputs(meta: Metafile, entry: string): string[] {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const { path, external } of meta.outputs[next]?.imports ?? []) {
      if (external || seen.has(path) || meta.outputs[path] === undefined) continue;
      seen.add(path);
      queue.push(path);
    }
  }
  return [...seen].sort();
}

/**
 * A static import cycle among `files` (bundle files as the metafile names
 * them), as the files along it with the first one again at the end, or
 * undefined when there is none. import() does not count: it runs after
 * both files have.
 */
export function staticImportCycle(meta: Metafile, files: readonly string[]): string[] | undefined {
  const inSet = new Set(files);
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    const at = path.indexOf(file);
    if (at >= 0) return [...path.slice(at), file];
    if (done.has(file)) return undefined;
    path.push(file);
    for (const { path: next, kind, external } of meta.outputs[file]?.imports ?? []) {
      if (external || kind !== 'import-statement' || !inSet.has(next)) continue;
      const cycle = visit(next);
      if (cycle !== undefined) return cycle;
    }
    path.pop();
    done.add(file);
    return undefined;
  };
  for (const file of files) {
    const cycle = visit(file);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

/** How esbuild's transform hands out a module's exports: an object of getters, made before the module runs. */
const EXPORTS_AS_GETTERS = 'module.exports = __toCommonJS(stdin_exports);\n';

/**
 * `code` (a twin as esbuild's transform writes it) handing out its exports
 * as plain values, set once the module has run.
 *
 * Why (issue 13): esbuild keeps ES modules' live bindings, so each export
 * is a getter that calls the getter of a second object, one function for
 * every name; every call into another bundle file reads such a getter
 * (`(0, import_chunk.u32be)(b, at)`), whose property read sees every
 * name of every file and so stays generic. A 50,000-message diagnosis
 * spent about 12 ms of its main thread in them (CPU profiles, whole
 * process); a plain property is read as a known field, and its function
 * can be inlined.
 *
 * The same values: nothing in src exports a `let` or `var` (a binding
 * reassigned later, which only a getter would follow; a test checks), and
 * no file of the twins imports one that imports it back (writeCliCommonJs
 * checks), so every file a module requires has run, and set its exports,
 * before the module reads them.
 */
export function exportsAsValues(code: string, file: string): string {
  const at = code.indexOf(EXPORTS_AS_GETTERS);
  if (at < 0) {
    if (code.includes('__toCommonJS('))
      throw new Error(
        `${file}: esbuild's CommonJS twin no longer hands out its exports as "${EXPORTS_AS_GETTERS.trim()}"; update exportsAsValues in scripts/cli-commonjs.ts for the new shape`,
      );
    return code;
  }
  return [
    code.slice(0, at),
    code.slice(at + EXPORTS_AS_GETTERS.length),
    '// Exports as plain values, once the module has run: see exportsAsValues in scripts/cli-commonjs.ts.\n',
    'module.exports = __defProp(Object.fromEntries(Object.keys(stdin_exports).map((name) => [name, stdin_exports[name]])), "__esModule", { value: true });\n',
  ].join('');
}

/**
 * Writes the CommonJS twin of every bundle file reachable from the CLI's
 * bundle, and dist/cli.cjs. `distDir` is the absolute dist/ folder,
 * and `cliBundle` the metafile's path of the CLI's bundle (dist/bundle/cli.js).
 */
export async function writeCliCommonJs(
  meta: Metafile,
  root: string,
  distDir: string,
  cliBundle: string,
): Promise<void> {
  const files = reachableOutputs(meta, cliBundle);
  const cycle = staticImportCycle(meta, files);
  if (cycle !== undefined)
    throw new Error(
      `${cycle.join(' -> ')}: the bundle files import each other, and their CommonJS twins hand out their exports only once they have run; break the import cycle between the source modules these files hold (npm run check:deps names it when it is between src modules)`,
    );
  const names = new Set(files.map((file) => basename(file)));
  for (const file of files) {
    const source = await readFile(join(root, file), 'utf8');
    // A chunk's imports of other chunks are "./NAME.js"; the twins import each other.
    const relinked = source.replace(
      /(["'])\.\/([\w-]+\.js)\1/g,
      (whole, quote: string, name: string) =>
        names.has(name) ? `${quote}./${commonJsName(name)}${quote}` : whole,
    );
    const usesMeta = relinked.includes('import.meta');
    const { code, warnings } = await transform(relinked, {
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      loader: 'js',
      // Lazily, as import() does, but through require(): no ES module loader.
      supported: { 'dynamic-import': false },
      ...(usesMeta ? { define: { 'import.meta.url': '__importMetaUrl' } } : {}),
      banner: `'use strict';${usesMeta ? '\nvar __importMetaUrl = require("node:url").pathToFileURL(__filename).href;' : ''}`,
      logLevel: 'silent',
    });
    // Any warning (an import.meta use other than .url, which would become empty) fails the build.
    if (warnings.length > 0)
      throw new Error(`${file}: its CommonJS twin would differ: ${warnings[0]?.text ?? ''}`);
    await writeFile(join(root, commonJsName(file)), exportsAsValues(code, file));
  }
  const twin = `${BUNDLE_DIR}/${commonJsName(basename(cliBundle))}`;
  const bin = join(distDir, CLI_BIN);
  await writeFile(
    bin,
    [
      CLI_LAUNCHER,
      `// Built by scripts/cli-commonjs.ts: the code is in ${twin}.`,
      "'use strict';",
      // A launcher without its loader (a hand-made bundle) runs the bundle files as Node loads them.
      '// V8 code caches for the bundle files, made by the build: see src/cli/code-cache.ts.',
      'try {',
      `  require('./${BUNDLE_DIR}/${CODE_CACHE_LOADER}').useCodeCache(`,
      `    require('node:path').join(__dirname, '${BUNDLE_DIR}'),`,
      `    process.env.${TRAIN_VARIABLE},`,
      '  );',
      '} catch {}',
      `require('./${twin}');`,
      '',
    ].join('\n'),
  );
  await chmod(bin, 0o755);
}

/** The code cache loader's file in the bundle folder. */
export const CODE_CACHE_LOADER = 'code-cache.cjs';

/**
 * Writes src/cli/code-cache.ts as one CommonJS file into the bundle folder
 * `outdir`, where dist/cli.cjs loads it before anything else.
 */
export async function writeCodeCacheLoader(root: string, outdir: string): Promise<void> {
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'src/cli/code-cache.ts')],
    outfile: join(outdir, CODE_CACHE_LOADER),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
}
