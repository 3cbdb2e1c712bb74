/**
 * `npm run bench`: first cold start, whole processes of the built CLI
 * (bench/cold-start.ts; `--only-cold` runs it alone, `--no-cold` skips it), then explain lookups, measured side by side in one run so the
 * ratios hold on a noisy shared machine. Medians over batches after warm-up.
 * Then the SIP parsing benchmarks (bench/sip/run.ts; arguments after `--` go to them),
 * then Slack under load (bench/slack/load.ts; `--no-slack` skips it, `--only-slack`
 * runs it alone), then Discord under load (bench/discord/load.ts; `--no-discord`,
 * `--only-discord`). Pictures (bench/pictures.ts; `--no-pictures`, `--only-pictures`)
 * come after the SIP benchmarks.
 */

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explain } from '../src/core/explain/explain.js';
import { KnowledgeBase } from '../src/core/knowledge/knowledge-base.js';
import { readFreshSnapshot } from '../src/core/knowledge/knowledge-snapshot.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../src/core/knowledge/read-knowledge-dir.js';
import { validatedKnowledgeBase } from '../src/core/knowledge/validated-knowledge.js';
import { renderDiscord } from '../src/core/render/discord/render-embeds.js';
import { renderSlack } from '../src/core/render/slack/render-blocks.js';
import { renderText } from '../src/core/render/text.js';
import { runColdStartBenchmarks } from './cold-start.js';
import { runDiscordBenchmarks } from './discord/load.js';
import { measure, printTable } from './measure.js';
import { runPictureBenchmarks } from './pictures.js';
import { runSipBenchmarks } from './sip/run.js';
import { runSlackBenchmarks } from './slack/load.js';

// Whole processes first, before this one loads anything and competes for the CPU.
const coldArgs = process.argv.slice(2);
const otherOnly = coldArgs.some((a) => a.startsWith('--only-') && a !== '--only-cold');
if (!otherOnly && !coldArgs.includes('--no-cold')) await runColdStartBenchmarks(coldArgs);
if (coldArgs.includes('--only-cold')) process.exit(0);

const once = { batches: 7, perBatch: 1, warmup: 1 };
const load = measure(
  'load + validate knowledge/ (no snapshot)',
  () => validatedKnowledgeBase(),
  once,
);
// The cold-start run above built dist/ and its snapshot (with --no-cold, an earlier build did).
const snapshotFile = join(
  dirname(fileURLToPath(import.meta.url)),
  '../dist/knowledge.snapshot.json',
);
const fromSnapshot = () => {
  const loaded = readFreshSnapshot(DEFAULT_KNOWLEDGE_DIR, snapshotFile);
  if (loaded === undefined) throw new Error(`${snapshotFile} is missing or stale: npm run build`);
  return new KnowledgeBase(loaded);
};
const snapshotRows = existsSync(snapshotFile)
  ? [
      measure('read snapshot (stat, header, maps)', fromSnapshot, once),
      measure('read snapshot + one code entry (explain 403)', () => fromSnapshot().code(403), once),
      measure(
        'read snapshot + first search (every entry, index)',
        () => fromSnapshot().search('too many hops'),
        once,
      ),
    ]
  : [];
const kb = validatedKnowledgeBase();

const lookups = [
  measure('explain("403")  code lookup', () => explain('403', kb)),
  measure('explain("4xx")  class', () => explain('4xx', kb)),
  measure('explain("499")  class fallback', () => explain('499', kb)),
  measure('explain("q850 34")', () => explain('q850 34', kb)),
  measure('explain("NORMAL_CIRCUIT_CONGESTION")', () => explain('NORMAL_CIRCUIT_CONGESTION', kb)),
  measure('explain("warning 399")', () => explain('warning 399', kb)),
  measure('explain("too many hops")  ranked search', () => explain('too many hops', kb)),
  measure('explain("forbiden")  search with a typo', () => explain('forbiden', kb)),
  measure('explain("xyzzy plugh")  nothing found', () => explain('xyzzy plugh', kb)),
];
printTable(
  'explain: warm, in process (per lookup; ratio against the code lookup)',
  lookups,
  lookups[0],
);

const card = explain('503', kb);
printTable('render the 503 card: warm, in process', [
  measure('renderText', () => renderText(card)),
  measure('renderSlack (Block Kit)', () => renderSlack(card)),
  measure('renderDiscord (embeds)', () => renderDiscord(card)),
]);
printTable('start-up, warm in this process (once per process in real use)', [
  load,
  ...snapshotRows,
]);

const args = process.argv.slice(2);
const only = args
  .find((a) => /^--only-(slack|discord|pictures|diagnose|parse|orders)$/.test(a))
  ?.slice('--only-'.length);
// The SIP sections alone: --only-diagnose (the whole-process diagnosis rows), --only-parse (the
// parsing sections), --only-orders (the message-order rows); bench/sip/run.ts reads which.
const sipOnly = only === 'diagnose' || only === 'parse' || only === 'orders';
if (only === undefined || sipOnly) await runSipBenchmarks(args);
if (sipOnly) process.exit(0);
if ((only ?? 'pictures') === 'pictures' && !args.includes('--no-pictures'))
  await runPictureBenchmarks(kb);
if (only === 'pictures') process.exit(0);
const slack = (only ?? 'slack') === 'slack' && !args.includes('--no-slack');
if (slack) await runSlackBenchmarks(args);
if ((only ?? 'discord') === 'discord' && !args.includes('--no-discord'))
  // The Slack run built dist/ already.
  await runDiscordBenchmarks(slack ? [...args, '--no-build'] : args);
