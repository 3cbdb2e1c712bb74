/**
 * The CLI run inside a host process that it does not own (as a test or an
 * embedding program runs runCli): `node --import tsx cli-hosted.ts <args>`.
 * It must then leave the process's heap settings alone.
 */
import { runCli } from '../../src/cli/run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: false,
});
