/**
 * The build's last step: runs the built `sip-triage` command (dist/cli.cjs)
 * on a few inputs as a person would, with SIP_TRIAGE_CODE_CACHE=train, so
 * that dist/bundle/code-cache/ holds V8's code cache of each bundle file
 * with the bytecode of the functions those commands ran (see
 * src/cli/code-cache.ts). Each run starts from the caches the runs before
 * it wrote and writes them again with what it compiled too.
 *
 * The inputs are small (well under the 4 MiB from which a diagnosis changes
 * a V8 flag, which would make V8 refuse the caches at the next start), and
 * cover what a command loads: lookups, a paste, a capture file, a capture
 * piped in, each output a person reads or a program parses. A run that
 * fails stops the build: the command itself is broken.
 *
 *   tsx scripts/train-code-cache.ts            (npm run build runs it)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODE_CACHE_DIR, TRAIN_VARIABLE } from '../src/cli/code-cache.js';
import { BUNDLE_DIR, CLI_BIN } from './cli-commonjs.js';

/** One run of the command: its arguments, and what its standard input holds (a file's bytes, or text typed). */
interface TrainingRun {
  args: string[];
  stdinFile?: string;
  typed?: string;
}

/** Inputs of the test fixtures (the Dockerfile copies them for its build). */
export const TRAINING_INPUTS = {
  paste: 'test/fixtures/pastes/sngrep.txt',
  log: 'test/fixtures/pastes/freeswitch.txt',
  capture: 'test/fixtures/captures/any-tcpdump.pcap',
} as const;

/** The runs, in order; paths relative to the package. */
export function trainingRuns(): TrainingRun[] {
  const { paste, log, capture } = TRAINING_INPUTS;
  return [
    { args: ['--version'] },
    { args: ['--help'] },
    { args: ['explain', '403'] },
    { args: ['explain', 'busy'] },
    { args: ['explain', 'q850 34'] },
    { args: ['diagnose', paste] },
    { args: ['diagnose', log, '--format', 'json'] },
    { args: ['diagnose', capture, '--format', 'json'] },
    { args: ['diagnose', '-', '--format', 'json'], stdinFile: capture },
    { args: ['console'], typed: '/sip 403\n/sip busy\n' },
  ];
}

/**
 * Trains the caches of the package at `root` (its dist/ built), on the
 * inputs under `inputs` (the package itself by default); the caches of an
 * earlier build are removed first.
 */
export function trainCodeCache(root: string, inputs = root): { runs: number; caches: number } {
  const bundleDir = join(root, 'dist', BUNDLE_DIR);
  const cacheDir = join(bundleDir, CODE_CACHE_DIR);
  rmSync(cacheDir, { recursive: true, force: true });
  for (const input of Object.values(TRAINING_INPUTS))
    if (!existsSync(join(inputs, input)))
      throw new Error(
        `code cache training: ${input} is missing under ${inputs}; the build trains on it (a Docker build copies it in before npm run build)`,
      );
  const runs = trainingRuns();
  for (const run of runs) {
    const stdin =
      run.stdinFile !== undefined ? readFileSync(join(inputs, run.stdinFile)) : (run.typed ?? '');
    // Through this Node, not the launcher's `sh` (Windows has none): V8's flags are the same.
    const result = spawnSync(process.execPath, [join(root, 'dist', CLI_BIN), ...run.args], {
      cwd: inputs,
      input: stdin,
      env: { ...process.env, [TRAIN_VARIABLE]: 'train', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    // 0: found; 1: nothing found (a lookup or a trace without SIP), still a whole run.
    if (result.error !== undefined || (result.status !== 0 && result.status !== 1))
      throw new Error(
        `code cache training: sip-triage ${run.args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr}`,
      );
  }
  const caches = existsSync(cacheDir) ? readdirSync(cacheDir).length : 0;
  return { runs: runs.length, caches };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const { runs, caches } = trainCodeCache(root);
  // On stderr: `npm start` builds first, and `echo '/sip 503' | npm start --silent` must print
  // the answer alone on stdout.
  process.stderr.write(`code cache: ${caches} bundle files, trained on ${runs} commands\n`);
}
