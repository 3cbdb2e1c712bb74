#!/usr/bin/env node
/** Entry point of the `sip-triage` command; the work is in cli/run-cli.ts. */
import { runCli } from './cli/run-cli.js';
import { CLI_VARIABLES } from './config.js';
import { loadDotenvOnly } from './load-env.js';

// A reader that stops early (`sip-triage list | head -1`) closes the pipe:
// stop quietly, as a filter does, instead of dying on the write with a stack.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  process.stderr.write(`sip-triage: cannot write the output: ${error.message}\n`);
  process.exit(1);
});
// Nothing can be said once stderr is gone; the exit code still tells.
process.stderr.on('error', () => {});

// Only the CLI's own variables from a .env here: another project's .env must not change or break it.
loadDotenvOnly(CLI_VARIABLES);

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `sip-triage: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
