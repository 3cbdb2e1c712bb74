/**
 * Built-in module tracer for a child Node process running CommonJS:
 *
 *   BUILTIN_TRACE_FILE=/tmp/builtins.txt node -r <this file> entry.cjs
 *
 * writes, at exit, `node:NAME` for every public built-in module the process
 * loaded after this file (one per line). require() of a built-in reaches no
 * ES module hook, and trace-modules.mjs itself loads node:stream and
 * node:worker_threads to register its hooks, so a test that asks whether a
 * command loaded those uses this lighter tracer, which loads nothing.
 */
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.BUILTIN_TRACE_FILE;
if (!file) throw new Error('trace-builtins.cjs: set BUILTIN_TRACE_FILE to the file to write');
const PUBLIC = /^NativeModule ([a-z_]+(?:\/[a-z_]+)?)$/;
const before = new Set(process.moduleLoadList);
process.on('exit', () => {
  const loaded = process.moduleLoadList
    .filter((entry) => !before.has(entry))
    .flatMap((entry) => {
      const name = PUBLIC.exec(entry)?.[1];
      return name === undefined || name.startsWith('internal') ? [] : [`node:${name}`];
    });
  writeFileSync(file, loaded.length > 0 ? `${loaded.join('\n')}\n` : '');
});
