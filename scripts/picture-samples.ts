/**
 * Regenerates docs/pictures/: the PNG ladder of each picture fixture
 * (test/fixtures/pictures/) and a screenshot of the HTML report of the failed
 * call, as the README and the reviewers see them. Run with
 * `npx tsx scripts/picture-samples.ts` (needs Debian's chromium, as the
 * browser tests do). Everything goes through the CLI, as a user runs it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, openHtml } from '../test/support/browser.js';

const OUT = 'docs/pictures';
const FIXTURES = ['failed-call', 'b2bua-two-legs', 'long-trace'];

function cli(args: string[]): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`sip-triage ${args.join(' ')} exited with ${r.status}`);
}

for (const name of FIXTURES)
  cli([
    'diagnose',
    `test/fixtures/pictures/${name}.txt`,
    '--format',
    'png',
    '-o',
    `${OUT}/${name}.png`,
  ]);

const dir = mkdtempSync(join(tmpdir(), 'sip-triage-report-'));
try {
  const report = join(dir, 'report.html');
  cli(['diagnose', 'test/fixtures/pictures/failed-call.txt', '--format', 'html', '-o', report]);
  const { readFileSync } = await import('node:fs');
  const browser = await launchChromium();
  try {
    const opened = await openHtml(browser, readFileSync(report, 'utf8'), {
      viewport: { width: 1280, height: 1000 },
    });
    // The first INVITE's arrow, clicked, as a person would to read it.
    await opened.page.click('[data-arrow="3"]');
    await opened.page.screenshot({ path: `${OUT}/report.png`, fullPage: true });
    if (opened.consoleErrors.length > 0) throw new Error(opened.consoleErrors.join('\n'));
    await opened.close();
  } finally {
    await browser.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
