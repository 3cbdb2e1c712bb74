#!/usr/bin/env node
/**
 * Entry point of the `sip-triage` command; the work is in cli/run-cli.ts.
 * --help and --version are answered before anything else loads (cli/help.ts);
 * every other command imports what it needs as it runs.
 */
import { answerWithoutCore } from './cli/help.js';

// A reader that stops early (`sip-triage list | head -1`) closes the pipe:
// stop quietly, as a filter does, instead of dying on the write with a stack.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  process.stderr.write(`sip-triage: cannot write the output: ${error.message}\n`);
  process.exit(1);
});
// Nothing can be said once stderr is gone; the exit code still tells.
process.stderr.on('error', () => {});

async function run(argv: string[]): Promise<number> {
  const answered = answerWithoutCore(argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
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
    process.stderr.write(
      `sip-triage: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
