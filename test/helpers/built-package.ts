/**
 * The package built as `npm run build` builds it (tsc, the entry bundles of
 * scripts/bundle-entries.ts, the knowledge snapshot) into a scratch folder,
 * for tests that run the `sip-triage` command as people start it
 * (`pkg/dist/cli.cjs`) rather than through tsx. knowledge/ and node_modules
 * are links to the repository's. The code cache training, the build's last
 * step, is left to the tests that want it (scripts/train-code-cache.ts).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { bundleEntries } from '../../scripts/bundle-entries.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Builds the package into `pkg` (made if missing); returns the command's path. */
export async function buildPackage(pkg: string): Promise<string> {
  // Type errors are the typecheck's business; the build's other steps need the emitted files.
  await promisify(execFile)(
    join(ROOT, 'node_modules/.bin/tsc'),
    ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(pkg, 'dist')],
    { cwd: ROOT },
  ).catch(() => undefined);
  cpSync(join(ROOT, 'src'), join(pkg, 'src'), { recursive: true });
  copyFileSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  symlinkSync(join(ROOT, 'knowledge'), join(pkg, 'knowledge'), 'dir');
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
  await bundleEntries({ root: pkg });
  // The knowledge snapshot, as the build writes it: the CLI loads it as people run it.
  await promisify(execFile)(process.execPath, [join(pkg, 'dist/build-knowledge-snapshot.js')]);
  // The `sip-triage` command as package.json's bin runs it.
  return join(pkg, 'dist/cli.cjs');
}
