#!/usr/bin/env node
/**
 * Entry point of the `sip-triage` command; the work is in cli/run-cli.ts.
 * --help and --version are answered before anything else loads (cli/help.ts);
 * every other command imports what it needs as it runs.
 */
import { answerWithoutCore } from './cli/help.js';
import {
  guardStandardStreams,
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

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    writeStandardError(
      `sip-triage: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
