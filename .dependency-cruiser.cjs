/**
 * Import rules for src/, checked in CI by `npm run check:deps`.
 *
 * Every rule starts `from` a path under src/, so test/ and bench/ are never
 * held to them even when someone cruises those folders too.
 *
 * Parser: dependency-cruiser reads TypeScript through the `typescript`
 * compiler API, which TypeScript 7 (this project's compiler) no longer ships.
 * Without a parser it skips every .ts file and reports "no violations, 0
 * modules", so the config names swc explicitly and refuses to load without it.
 */
try {
  require.resolve('@swc/core');
} catch {
  throw new Error(
    '.dependency-cruiser.cjs: @swc/core is not installed, so no .ts file would be read and every rule would pass on an empty graph. Run `npm ci`.',
  );
}

/** The layers of src/core; `core(...)` matches an import of any of them. */
const core = (...dirs) => `^src/core/(${dirs.join('|')})/`;

const slackSdk = '(^|/)node_modules/@slack/|^@slack/';
const discordSdk = '(^|/)node_modules/(discord\\.js|@discordjs)/|^discord\\.js($|/)|^@discordjs/';

/** Data flows down ingest -> sip -> trace -> diagnose -> render; each entry names what a layer may not reach. */
const layers = [
  ['sip', ['ingest', 'trace', 'diagnose', 'render', 'app', 'commands', 'explain']],
  ['ingest', ['trace', 'diagnose', 'render', 'app', 'commands', 'explain']],
  ['trace', ['ingest', 'diagnose', 'render', 'app', 'commands', 'explain']],
  ['diagnose', ['ingest', 'render', 'app', 'commands']],
  // render may use the diagnosis types and the knowledge base.
  ['render', ['ingest', 'app', 'commands']],
  ['knowledge', ['diagnose', 'render', 'app', 'commands', 'ingest', 'trace']],
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A cycle makes module start-up order matter and ties layers together. Type-only imports count: a type cycle still couples the files.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment:
        'The path rules below match resolved files; an import that does not resolve would slip past them unseen.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    ...layers.map(([layer, below]) => ({
      name: `core-layer-${layer}`,
      severity: 'error',
      comment: `src/core/${layer} must not import src/core/{${below.join(',')}}: data flows ingest -> sip -> trace -> diagnose -> render.`,
      from: { path: core(layer) },
      to: { path: core(...below) },
    })),
    {
      name: 'core-stays-platform-free',
      severity: 'error',
      comment:
        'src/core is shared by the CLI and every chat adapter; it must not reach the adapters, the CLI, the entry points, the env config or a platform SDK.',
      from: { path: '^src/core/' },
      to: {
        path: [
          '^src/adapters/',
          '^src/cli/',
          '^src/cli\\.ts$',
          '^src/main\\.ts$',
          '^src/config\\.ts$',
          slackSdk,
          discordSdk,
        ],
      },
    },
    {
      name: 'slack-sdk-only-in-slack-adapter',
      severity: 'error',
      comment: 'Loading @slack/* is slow and pulls a large tree; only the Slack adapter may.',
      from: { path: '^src/', pathNot: '^src/adapters/slack/' },
      to: { path: slackSdk },
    },
    {
      name: 'discord-sdk-only-in-discord-adapter',
      severity: 'error',
      comment: 'Loading discord.js is slow and pulls a large tree; only the Discord adapter may.',
      from: { path: '^src/', pathNot: '^src/adapters/discord/' },
      to: { path: discordSdk },
    },
  ],
  options: {
    parser: 'swc',
    // Read for completeness; under TypeScript 7 dependency-cruiser cannot parse
    // it (see above). Resolution still matches tsc: the project has no `paths`,
    // and dependency-cruiser maps NodeNext `./x.js` specifiers to `./x.ts` itself.
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
