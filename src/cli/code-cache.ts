/**
 * V8 code caches for the `sip-triage` command's bundle files (issue 13).
 *
 * Node 20 compiles every CommonJS file from its source at each start, and
 * V8 compiles each function the first time it runs: a diagnosis of one
 * packet spent about 28 ms of its 190 in compiling the files' top levels
 * alone (a CPU profile, whole process, cold). `npm run build`
 * therefore runs the built command on a few inputs with
 * SIP_TRIAGE_CODE_CACHE=train (scripts/train-code-cache.ts), and each of
 * those processes writes, as it exits, V8's code cache of every bundle file
 * it loaded: the bytecode of the functions that ran, those of earlier
 * training runs included. At every later start, the launcher (dist/cli.cjs)
 * installs this loader first, and each bundle file is compiled with its
 * cache: V8 takes the bytecode instead of compiling. Deserialising the
 * caches costs about what compiling the top levels did; what is saved is
 * compiling each function that runs. Measured as whole processes, cold,
 * paired: the 34 MB capture 48 ms faster, a 5 MB paste 20, a 1-packet
 * diagnosis 14, `explain 403` 4.
 *
 * V8 itself refuses a cache made by another V8 version, or under other V8
 * flags, or for a source of another length; the file is then compiled from
 * its source, as without a cache. A cache older than its source file (a
 * bundle rebuilt without training, a file edited in place) is not offered
 * at all, since V8 would take it for a source of the same length. A
 * missing or unreadable cache is the same as none: the cache only saves
 * time, it never decides what runs.
 *
 * The caches are made and read with V8's flags as they are when a command
 * starts. A command that changes one (the young generation's growth for a
 * large input, young-generation.ts) first loads the modules it will need,
 * so that they are compiled with their caches (run-cli.ts).
 *
 * The bundle files require one another ("./NAME.cjs") through this
 * loader's own `require`, which finds them in the bundle folder by name:
 * Node's resolution (a stat, a real path and a package scope for each file)
 * cost a 1-packet diagnosis, which loads some 45 of them, 3-6 ms (whole
 * processes, cold, 41 rounds, issue 13). Each file still runs once,
 * and a file Node loaded (the entry) and one loaded here are the same
 * module to both. What the files ask of anything else (built-ins,
 * packages) is Node's require, from the bundle folder.
 *
 * This is what Node 22's module.enableCompileCache() does for any module;
 * Node 20 has no such thing for CommonJS files loaded by require().
 */
import { closeSync, fstatSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/** The caches' folder, inside the bundle folder: rebuilding the bundle removes them. */
export const CODE_CACHE_DIR = 'code-cache';

/**
 * The environment variable that makes each process write its caches as it
 * exits ("train"), or say on standard error how its bundle files were
 * compiled ("report").
 */
export const TRAIN_VARIABLE = 'SIP_TRIAGE_CODE_CACHE';

/** What happened to each bundle file this process loaded. */
export interface CodeCacheCounts {
  /** Compiled with its cache. */
  used: number;
  /** Its cache was offered and V8 refused it. */
  refused: number;
  /** No cache, or one older than its source. */
  none: number;
}

type Loader = (module: Module, filename: string) => void;

/** Node's loaders by file extension (require.extensions, which Node still honours). */
const loaders = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;

/** Node's modules by file path (require.cache). */
const moduleCache = (Module as unknown as { _cache: Record<string, Module | undefined> })._cache;

/** The name of `file`'s cache in `cacheDir`. */
export const cacheFileOf = (cacheDir: string, file: string): string =>
  join(cacheDir, `${basename(file)}.v8`);

/**
 * Makes every `.cjs` file of `bundleDir` load with its code cache from
 * `bundleDir/code-cache/` from now on. `mode` (TRAIN_VARIABLE's value):
 * "train" writes each such file's cache there when the process exits (the
 * folder is made when missing); "report" writes the counts to standard
 * error then. Returns the counts, which grow as files load.
 */
export function useCodeCache(bundleDir: string, mode?: string): CodeCacheCounts {
  const train = mode === 'train';
  const counts: CodeCacheCounts = { used: 0, refused: 0, none: 0 };
  const cacheDir = join(bundleDir, CODE_CACHE_DIR);
  const previous = loaders['.cjs'] ?? loaders['.js'];
  if (previous === undefined) return counts;
  const compiled: [Script, string][] = [];
  // What bundle files ask of Node (built-ins, packages), resolved from their folder, where all
  // of them are.
  let fromNode: NodeJS.Require | undefined;

  /** Compiles the bundle file `filename` with its cache and runs it as `module`. */
  const run = (module: Module, filename: string): void => {
    const cacheFile = cacheFileOf(cacheDir, filename);
    const { script, offered } = compile(filename, cacheFile);
    if (offered && script.cachedDataRejected === true) counts.refused++;
    else if (offered) counts.used++;
    else counts.none++;
    if (train) compiled.push([script, cacheFile]);
    const body = script.runInThisContext() as (...args: unknown[]) => void;
    body.call(module.exports, module.exports, bundleRequire, module, filename, bundleDir);
  };

  /**
   * The `require` of every bundle file. A neighbour ("./NAME.cjs", how the
   * bundle names its files) is loaded here, without Node's resolution (a
   * stat, a real path and a package scope for each): a diagnosis loads about
   * 45 of them. Anything else is Node's.
   */
  const bundleRequire = (id: string): unknown => {
    const name = neighbourOf(id);
    if (name === undefined) {
      fromNode ??= createRequire(join(bundleDir, 'index.cjs'));
      return fromNode(id);
    }
    const filename = join(bundleDir, name);
    // In Node's own cache, where Node's loader puts the entry: each file runs once, whichever
    // loads it first.
    const known = moduleCache[filename];
    if (known !== undefined) return known.exports;
    // What Node's loader would make, without its resolution.
    const module = new Module(filename);
    module.filename = filename;
    moduleCache[filename] = module;
    try {
      run(module, filename);
    } catch (error) {
      // As Node does: a file that threw is loaded again from the start when required again.
      delete moduleCache[filename];
      throw error;
    }
    module.loaded = true;
    return module.exports;
  };

  loaders['.cjs'] = (module, filename) => {
    if (dirname(filename) !== bundleDir) previous(module, filename);
    else run(module, filename);
  };
  if (train) process.on('exit', () => writeCaches(cacheDir, compiled));
  if (mode === 'report')
    process.on('exit', () =>
      process.stderr.write(
        `sip-triage: code cache: ${counts.used} used, ${counts.refused} refused, ${counts.none} none\n`,
      ),
    );
  return counts;
}

/** "NAME.cjs" for "./NAME.cjs" (a file of the same folder), else undefined. */
function neighbourOf(id: string): string | undefined {
  if (!id.startsWith('./') || !id.endsWith('.cjs')) return undefined;
  const name = id.slice(2);
  return name.includes('/') || name.includes('\\') ? undefined : name;
}

/**
 * The file's source as Node would run it, compiled with its cache when one
 * at least as new as the source can be read; `offered` says whether it was.
 */
function compile(filename: string, cacheFile: string): { script: Script; offered: boolean } {
  const { bytes, mtimeMs } = readWithTime(filename);
  const source = bytes.toString('utf8');
  const cachedData = cacheFor(cacheFile, mtimeMs);
  // A "#!" line ends inside the wrapper below; as a comment it keeps the source's length, which
  // V8 checks the cache against.
  const runnable = source.startsWith('#!') ? `//${source.slice(2)}` : source;
  const script = new Script(Module.wrap(runnable), {
    filename,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  return { script, offered: cachedData !== undefined };
}

/** The cache in `cacheFile` when it exists, can be read, and is no older than its source (`sourceMtimeMs`). */
function cacheFor(cacheFile: string, sourceMtimeMs: number): Buffer | undefined {
  try {
    const { bytes, mtimeMs } = readWithTime(cacheFile);
    return mtimeMs < sourceMtimeMs ? undefined : bytes;
  } catch {
    return undefined;
  }
}

/** A file's bytes and modification time, with one stat (readFileSync would stat it again). */
function readWithTime(path: string): { bytes: Buffer; mtimeMs: number } {
  const fd = openSync(path, 'r');
  try {
    const { size, mtimeMs } = fstatSync(fd);
    const bytes = Buffer.allocUnsafe(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, bytes, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    return { bytes: at === size ? bytes : bytes.subarray(0, at), mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** Writes each script's cache (training only); a failure leaves that file without one. */
function writeCaches(cacheDir: string, compiled: readonly [Script, string][]): void {
  try {
    // Made here, not at start: only training writes.
    mkdirSync(cacheDir, { recursive: true });
  } catch {
    return;
  }
  for (const [script, cacheFile] of compiled) {
    try {
      writeFileSync(cacheFile, script.createCachedData());
    } catch {
      // No cache for this file: it compiles from source, as before.
    }
  }
}
