/**
 * Build step after tsc: the entry points people start (`sip-triage` = cli,
 * `npm start` = main, the container's entry) are bundled with esbuild into
 * dist/bundle/, split at every dynamic import, and dist/cli.js, dist/main.js
 * and dist/container.js become one-line stubs that import their bundle.
 *
 * Why: Node resolves, reads and links each ES module on its own; a diagnosis
 * loads ~130 of them, ~40-50 ms of every cold command (issue 13). A chunk
 * holds the modules that are always loaded together, so what loads lazily
 * from source (the SIP reader, the diagnosis, each renderer, zod, yaml, the
 * SDKs) still loads lazily from the bundle, in a handful of files.
 *
 * The CLI's bundle files also get CommonJS twins, which dist/cli.cjs (the
 * `sip-triage` command) runs: see cli-commonjs.ts.
 *
 * The rest of dist/ stays tsc's output: the library export (core/index.js),
 * the worker threads' entries and the modules they import by URL. Code that
 * finds files next to itself (the knowledge snapshot, knowledge/, package.json,
 * the worker entries) uses `import.meta.url`; in a chunk that would be the
 * chunk's URL, so each source file's `import.meta.url` is rewritten to the URL
 * its tsc output has, and every relative path means what it means unbundled.
 *
 *   tsx scripts/bundle-entries.ts            (npm run build runs it)
 */
import { readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { BUNDLE_DIR, writeCliCommonJs, writeCodeCacheLoader } from './cli-commonjs.js';

/** The entry points that get a bundle; each keeps its name under dist/. */
export const BUNDLED_ENTRIES = ['cli', 'main', 'container'] as const;

export { BUNDLE_DIR };

/** The `#!` line of an entry's source (with its line end), or '' when it has none. */
const shebangOf = (source: string): string =>
  source.startsWith('#!') ? `${source.slice(0, source.indexOf('\n'))}\n` : '';

export interface BundleOptions {
  /** The package: src/ is read from it, dist/ (tsc's output) is written into it. */
  root: string;
}

/** `import.meta.url` of a source file, as its compiled twin under dist/ would see it. */
function compiledUrlPlugin(srcDir: string): Plugin {
  return {
    name: 'compiled-import-meta-url',
    setup(plugin) {
      plugin.onLoad({ filter: /\.ts$/ }, async (args) => {
        if (!args.path.startsWith(srcDir + sep)) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const compiled = relative(srcDir, args.path).split(sep).join('/').replace(/\.ts$/, '.js');
        const url = `new URL(${JSON.stringify(`../${compiled}`)}, import.meta.url).href`;
        return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}

/**
 * Bundles the entries into dist/bundle/ and writes the stubs; returns
 * esbuild's metafile (which source files each output file holds).
 */
export async function bundleEntries({ root }: BundleOptions): Promise<Metafile> {
  const srcDir = resolve(root, 'src');
  const distDir = resolve(root, 'dist');
  const outdir = join(distDir, BUNDLE_DIR);
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: BUNDLED_ENTRIES.map((name) => join(srcDir, `${name}.ts`)),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Dependencies load from node_modules as they are (several are CommonJS, native or large).
    packages: 'external',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [compiledUrlPlugin(srcDir)],
  });
  for (const name of BUNDLED_ENTRIES) {
    const shebang = shebangOf(await readFile(join(srcDir, `${name}.ts`), 'utf8'));
    await writeFile(
      join(distDir, `${name}.js`),
      `${shebang}// Built by scripts/bundle-entries.ts: the code is in ${BUNDLE_DIR}/${name}.js.\nimport './${BUNDLE_DIR}/${name}.js';\n`,
    );
    // tsc's map and declarations describe the module the stub replaced.
    for (const stale of [`${name}.js.map`, `${name}.d.ts`])
      await unlink(join(distDir, stale)).catch(() => undefined);
  }
  // The `sip-triage` command runs CommonJS twins of the CLI's bundle files (see cli-commonjs.ts).
  const cliBundle = relative(root, join(outdir, 'cli.js')).split(sep).join('/');
  await writeCliCommonJs(result.metafile, root, distDir, cliBundle);
  // Its loader of V8 code caches, which the build's last step trains (train-code-cache.ts).
  await writeCodeCacheLoader(root, outdir);
  return result.metafile;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  await bundleEntries({ root });
}
