import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The slow tier, by path: the files stay where they are. `npm test` runs both
 * tiers; `npm run test:unit` runs the fast one, `npm run test:slow` the rest.
 */
const slow = [
  // Start processes: npm ci and the build in a replayed Dockerfile, the bot
  // entry through tsx, the CLI and the console under a module-loading tracer,
  // the README's example.
  'test/dockerfile.test.ts',
  'test/adapters/console/console-adapter.test.ts',
  'test/sdk-loading.test.ts',
  'test/cold-start-loading.test.ts',
  'test/readme-example.test.ts',
  // Assert on elapsed time: slow by design, and a busy machine makes them flaky.
  'test/core/ingest/extract/performance.test.ts',
  'test/core/sip/robustness.test.ts',
  'test/core/sip/header-values.test.ts',
  // Take heap snapshots: seconds each, longer in a shared heap, and they
  // inspect the heap, so they run isolated.
  'test/core/sip/parser-state.test.ts',
  'test/core/sip/kept-strings.test.ts',
  // Dominate the run (over a second each): whole-CLI runs that reload the
  // knowledge base per command, and diagnoses of every real capture.
  'test/cli/run-cli.test.ts',
  'test/cli/diagnose-command.test.ts',
  'test/cli/diagnose-pictures.test.ts',
  'test/core/diagnose/real-failures.test.ts',
  // Reads named pipes the test opened, blocking its thread, and closes one of
  // their descriptors, which the shared threads of the unit tier track.
  'test/cli/pipe-input.test.ts',
  // Start processes that grow their young generation (seconds each).
  'test/cli/young-generation.test.ts',
  // Builds the command as the build does, trains its code caches, and
  // diagnoses a 5 MB paste and a piped capture with and without them.
  'test/cli/code-cache.test.ts',
  // Start worker threads that load the knowledge base (seconds each).
  'test/adapters/shared/worker-app.test.ts',
  'test/adapters/slack/slack-main.test.ts',
  'test/adapters/discord/discord-main.test.ts',
  // Starts console processes and sends them Ctrl-C.
  'test/adapters/console/console-interrupt.test.ts',
  // Start a headless Chromium (Debian's, through playwright-core): about half
  // a second to launch, a few seconds per file with the screenshots.
  'test/core/render/browser-harness.test.ts',
  // The HTML report clicked, typed at, printed and screenshotted in that Chromium.
  'test/core/render/html-report.browser.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...slow],
          // A worker imports src/ and loads the knowledge base once for all
          // its files instead of once per file: on 2 cores that cuts this tier
          // from 40-55 s to 15-20 s (threads alone: 38-45 s). It is safe while
          // these files leave shared modules alone (no vi.mock, no env
          // changes); they pass in shuffled file orders.
          pool: 'threads',
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'slow', include: slow },
      },
    ],
  },
});
