/**
 * Run by test/cli/standard-output.test.ts as a process of its own:
 *   node --import tsx standard-streams-probe.ts guard|none stdout|stderr
 * With `guard`, calls guardStandardStreams() first, as the command does;
 * then writes to the named stream, as a library's console.warn would,
 * after the test has closed its far end, and only then sets exit code 5.
 * A crash on the write's error ends it with 1 instead; a closed stdout
 * under the guard ends it quietly with 0, as `sip-triage list | head -1`.
 */
import { guardStandardStreams } from '../../src/cli/standard-output.js';

const [mode, stream] = process.argv.slice(2);
if (mode === 'guard') guardStandardStreams();
setTimeout(() => {
  if (stream === 'stdout') process.stdout.write(`${'output nobody reads\n'.repeat(4096)}`);
  else process.stderr.write('a warning nobody reads\n');
  setTimeout(() => {
    process.exitCode = 5;
  }, 50);
}, 50);
