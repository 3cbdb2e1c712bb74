/**
 * The `sip-triage` command as a user runs it: dist/cli.cjs started by its
 * own first lines (the launcher, see scripts/cli-commonjs.ts), not by
 * `node dist/cli.cjs`, which skips them. The launcher starts the `node` on
 * PATH, so PATH gets this Node's folder first: the command runs on the Node
 * that runs the bench.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI_COMMAND = join(fileURLToPath(new URL('../', import.meta.url)), 'dist', 'cli.cjs');

/** PATH with this Node's folder first, for the launcher's `exec node`. */
export const commandPath = (): string => `${dirname(process.execPath)}:${process.env.PATH ?? ''}`;
