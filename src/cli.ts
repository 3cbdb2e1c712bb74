#!/usr/bin/env node
/**
 * Entry point of the `sip-triage` command; the work is in cli/run-cli.ts.
 * --help and --version are answered before anything else loads (cli/help.ts);
 * every other command imports what it needs as it runs.
 */
import { answerWithoutCore } from './cli/help.js';
import {
  guardStandardStreams,
  streamsBuilt,
  writeStandardError,
  writeStandardOutput,
} from './cli/standard-output.js';

// Output goes to the descriptors (cli/standard-output.ts): a reader that stops early
// (`sip-triage list | head -1`) ends the command quietly, as a filter does; the streams, if
// anything builds them, handle their errors the same way.
guardStandardStreams();

async function run(argv: string[]): Promise<number> {
  const answered = answerWithoutCore(argv, {
    stdout: writeStandardOutput,
    stderr: writeStandardError,
  });
  if (answered !== undefined) return answered;
  const [{ loadDotenvOnly }, { CLI_VARIABLES }, { runCli }] = await Promise.all([
    import('./load-env.js'),
    import('./config-names.js'),
    import('./cli/run-cli.js'),
  ]);
  // Only the CLI's own variables from a .env here: another project's .env must not change or break it.
  loadDotenvOnly(CLI_VARIABLES);
  return runCli(argv);
}

/**
 * Ends the command with `code`. When everything it wrote went straight to
 * the descriptors, the process exits at once: Node's own ending takes the
 * heap apart piece by piece first, about 12 ms after a 34 MB capture's
 * diagnosis and 3 ms after a 1-packet one on the bench's machine (whole
 * processes, issue 13), where exit() leaves the memory to the kernel.
 * 'exit' listeners still run. When a stream was built (streamsBuilt), it
 * may still hold text for a slow reader, and Node ends the process once the
 * stream is done, as before.
 */
function end(code: number): void {
  if (streamsBuilt()) process.exitCode = code;
  else process.exit(code);
}

run(process.argv.slice(2)).then(end, (error: unknown) => {
  writeStandardError(
    `sip-triage: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  end(1);
});
