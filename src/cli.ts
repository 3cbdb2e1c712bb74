#!/usr/bin/env node
/** Entry point of the `sip-triage` command; the work is in cli/run-cli.ts. */
import { runCli } from './cli/run-cli.js';
import { loadDotenv } from './load-env.js';

loadDotenv();

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
