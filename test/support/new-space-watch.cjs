/**
 * Preloaded with -r into a process under test: on exit, writes the largest
 * size the young generation ("new_space", both semi-spaces) had, looked at
 * every millisecond the event loop allows and at exit, as one stderr line
 * "new_space <bytes>".
 *
 * CommonJS on purpose: a preload given with --import starts Node's ES module
 * loader, whose allocations grow the young generation once before the
 * command runs, and the command's own start then differs from a user's (the
 * cap once took the young generation to 32 MB in a plain start only).
 */
'use strict';
const { getHeapSpaceStatistics } = require('node:v8');

let largest = 0;
const look = () => {
  const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (space !== undefined) largest = Math.max(largest, space.space_size);
};
setInterval(look, 1).unref();
process.on('exit', () => {
  look();
  process.stderr.write(`new_space ${largest}\n`);
});
