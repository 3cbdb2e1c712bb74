/**
 * `npm run bench`: explain lookups, measured side by side in one run so the
 * ratios hold on a noisy shared machine. Medians over batches after warm-up.
 * Then the SIP parsing benchmarks (bench/sip/run.ts; arguments after `--` go to them),
 * then Slack under load (bench/slack/load.ts; `--no-slack` skips it, `--only-slack`
 * runs it alone), then Discord under load (bench/discord/load.ts; `--no-discord`,
 * `--only-discord`). Pictures (bench/pictures.ts; `--no-pictures`, `--only-pictures`)
 * come after the SIP benchmarks.
 */

import { explain } from '../src/core/explain/explain.js';
import { KnowledgeBase } from '../src/core/knowledge/knowledge-base.js';
import { renderDiscord } from '../src/core/render/discord/render-embeds.js';
import { renderSlack } from '../src/core/render/slack/render-blocks.js';
import { renderText } from '../src/core/render/text.js';
import { runDiscordBenchmarks } from './discord/load.js';
import { measure, printTable } from './measure.js';
import { runPictureBenchmarks } from './pictures.js';
import { runSipBenchmarks } from './sip/run.js';
import { runSlackBenchmarks } from './slack/load.js';

const load = measure(
  'load + validate knowledge/ (cold path, once per process)',
  () => KnowledgeBase.fromDirectory(),
  {
    batches: 7,
    perBatch: 1,
    warmup: 1,
  },
);
const kb = KnowledgeBase.fromDirectory();

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
printTable('explain (per lookup; ratio against the code lookup)', lookups, lookups[0]);

const card = explain('503', kb);
printTable('render the 503 card', [
  measure('renderText', () => renderText(card)),
  measure('renderSlack (Block Kit)', () => renderSlack(card)),
  measure('renderDiscord (embeds)', () => renderDiscord(card)),
]);
printTable('start-up', [load]);

const args = process.argv.slice(2);
const only = args.find((a) => /^--only-(slack|discord|pictures)$/.test(a))?.slice('--only-'.length);
if (only === undefined) await runSipBenchmarks(args);
if ((only ?? 'pictures') === 'pictures' && !args.includes('--no-pictures'))
  await runPictureBenchmarks(kb);
if (only === 'pictures') process.exit(0);
const slack = (only ?? 'slack') === 'slack' && !args.includes('--no-slack');
if (slack) await runSlackBenchmarks(args);
if ((only ?? 'discord') === 'discord' && !args.includes('--no-discord'))
  // The Slack run built dist/ already.
  await runDiscordBenchmarks(slack ? [...args, '--no-build'] : args);
