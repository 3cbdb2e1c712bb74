/**
 * Module-loading tracer for a child Node process:
 *
 *   MODULE_TRACE_FILE=/tmp/trace.txt node --import <this file> entry.js
 *
 * appends one URL per line to MODULE_TRACE_FILE for every module the process
 * loads, so a test can say which packages a command pulled in.
 *
 * Two sources, because Node has two module loaders:
 * - ESM: a `resolve` hook (this same file, registered with module.register)
 *   records each URL an `import` or `import()` resolves to. Register it after
 *   any other loader (e.g. `--import tsx --import <this file>`): the hook
 *   registered last runs first, so it sees the URL the whole chain settled on.
 * - CommonJS: on Node 20, require() calls made inside a CommonJS package
 *   (@slack/bolt and discord.js are CommonJS) never reach ESM hooks, so at exit
 *   the main thread also writes every file in the require cache.
 *
 * Plain JavaScript on purpose: the hooks run in a thread of their own, where
 * no TypeScript loader is registered.
 */
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

/** Where the hooks thread writes; set by `initialize` from the data register() passes. */
let traceFile;

export function initialize(data) {
  traceFile = data.traceFile;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  appendFileSync(traceFile, `${resolved.url}\n`);
  return resolved;
}

// This file is imported twice: by `--import` on the main thread, where it
// registers itself, and as the hooks module on the hooks thread, where only
// the exports above are wanted.
if (isMainThread) {
  const file = process.env.MODULE_TRACE_FILE;
  if (!file) throw new Error('trace-modules.mjs: set MODULE_TRACE_FILE to the file to record into');
  register(import.meta.url, { data: { traceFile: file } });

  const requireCache = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    const urls = Object.keys(requireCache).map((path) => pathToFileURL(path).href);
    if (urls.length > 0) appendFileSync(file, `${urls.join('\n')}\n`);
  });
}
