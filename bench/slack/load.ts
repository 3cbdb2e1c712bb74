/**
 * Slack under load, as an operator runs it. Three processes: the built bot
 * (`node dist/main.js`, HTTP mode), the fake Slack (fake-process.ts) taking
 * its posts, and this one sending signed requests the way Slack does and
 * timing them. Side by side in one run: the default (answers worked out and
 * posted from worker threads), SIP_WORKERS=0 (everything on the main
 * thread), and a bare Bolt app that only acknowledges (the peer: what an ack
 * costs on this machine before any of the bot's work).
 *
 *   cold   process start until it serves /slack/events; the first card
 *   warm   1,000 `/sip` lookups at concurrency 50 (ten queries, as an incident repeats them;
 *          then 1,000 with no query repeated): ack latency, time to the posted card
 *   warm   200 pasted traces (the committed paste fixtures, Slack-escaped) at concurrency 50
 *   warm   lookups every 10 ms while a 50,000-message (34 MB) capture shared in a channel is diagnosed
 *   peak RSS of the bot process (VmHWM), threads included
 *
 * Times are epoch milliseconds (timeOrigin + now), comparable across the
 * processes. `npx tsx bench/slack/load.ts [--quick] [--no-build]`;
 * `npm run bench` runs it last.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOT_TOKEN, waitFor } from '../../test/support/slack/fake-slack.js';
import { escapeAsSlackDoes } from '../../test/support/slack/slack-escaping.js';
import { SlackSender } from '../../test/support/slack/slack-sender.js';
import { waitForAsync } from '../../test/support/wait-for.js';
import { ACK_P99_MS, LOOKUP_CARD_P99_MS, loadVerdict } from '../load-targets.js';
import {
  cpuSeconds,
  endsWithThisProcess,
  freePort,
  now,
  peakRssMb,
  pool,
  quantile,
  stop,
} from '../load-tools.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SECRET = 'bench-signing-secret';
const QUERIES = [
  '403',
  '4xx',
  'busy',
  'q850 34',
  'USER_BUSY',
  'warning 399',
  '486',
  'too many hops',
  '503',
  'forbiden',
];
const tsx = ['--import', 'tsx'];

interface Row {
  label: string;
  count: number;
  errors: number;
  ackP50: number;
  ackP99: number;
  cardP50: number;
  cardP99: number;
  /** CPU used while the requests were sent, in % of one core. */
  cpu?: { bot: number; here: number };
  /** The row against its targets (see judged), when it has any. */
  verdict?: string;
}

interface Sent {
  status: number;
  ms: number;
  sentAt: number;
}

interface Fake {
  child: ChildProcess;
  base: string;
  file: Record<string, unknown>;
  responseUrl(): string;
  stats(): Promise<{ firstPost: Record<string, number>; firstReply: Record<string, number> }>;
}

async function startFake(capture: string): Promise<Fake> {
  const child = endsWithThisProcess(
    spawn(
      process.execPath,
      [...tsx, fileURLToPath(new URL('./fake-process.ts', import.meta.url)), capture],
      { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
    ),
  );
  let out = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  const line = await waitFor(() => (out.includes('\n') ? out : undefined), 60_000, 'the fake');
  const { base, file } = JSON.parse(line) as { base: string; file: Record<string, unknown> };
  let n = 0;
  return {
    child,
    base,
    file,
    responseUrl: () => `${base}/respond/${++n}`,
    stats: async () => (await (await fetch(`${base}/__stats`)).json()) as never,
  };
}

interface Bot {
  child: ChildProcess;
  port: number;
  startMs: number;
  /** What the bot has written to standard error so far (its JSON log lines). */
  log: () => string;
}

/** Lines of the bot's log at warn or error level, the last `count` of them. */
export function warningsOf(log: string, count = 20): string[] {
  return log
    .split('\n')
    .filter((line) => /"level":"(warn|error)"/.test(line))
    .slice(-count);
}

/**
 * `error` with the bot's warnings and errors added: a row that times out
 * waiting for cards (a card lost, a post that failed) then says what the bot
 * saw, instead of only that it waited.
 */
function withBotLog(error: unknown, bot: Bot): Error {
  const message = error instanceof Error ? error.message : String(error);
  const lines = warningsOf(bot.log());
  const said =
    lines.length === 0
      ? 'the bot logged no warning or error'
      : `the bot's last warnings and errors:\n${lines.join('\n')}`;
  return new Error(`${message}\n${said}`, { cause: error });
}

async function startBot(apiUrl: string, workers: string | undefined, entry: string): Promise<Bot> {
  const port = await freePort();
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SLACK|DISCORD)_|^PORT$|^SIP_/.test(k)),
  );
  const started = now();
  // BENCH_PROF=<dir> writes a CPU profile of the bot (one per thread) there.
  const profile = process.env.BENCH_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`]
    : [];
  const child = endsWithThisProcess(
    spawn(process.execPath, [...profile, entry], {
      cwd: root,
      env: {
        ...env,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: apiUrl,
        PORT: String(port),
        LOG_LEVEL: 'info',
        ...(workers !== undefined ? { SIP_WORKERS: workers } : {}),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  let err = '';
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
  });
  await waitFor(
    () => (err.includes('slack adapter started') ? true : undefined),
    60_000,
    'the bot to start',
  );
  return { child, port, startMs: now() - started, log: () => err };
}

/** Sends `count` requests at `concurrency`; a card counts when the fake saw the bot post where `cardKey(i)` says. */
async function load(
  label: string,
  fake: Fake,
  count: number,
  concurrency: number,
  send: (i: number) => Promise<Sent>,
  cardKey: ((i: number) => { channel?: string; thread?: string }) | undefined,
  pid?: number,
): Promise<Row> {
  const wall = now();
  const botCpu = pid === undefined ? 0 : cpuSeconds(pid);
  const hereCpu = process.cpuUsage();
  const sent = await pool(
    Array.from({ length: count }, (_, i) => () => send(i)),
    concurrency,
  );
  const seconds = (now() - wall) / 1000;
  const used = process.cpuUsage(hereCpu);
  const cpu =
    pid === undefined || count < 50
      ? undefined
      : {
          bot: (100 * (cpuSeconds(pid) - botCpu)) / seconds,
          here: (100 * (used.user + used.system)) / 1e6 / seconds,
        };
  let cards: number[] = [];
  if (cardKey !== undefined)
    cards = await waitForAsync(
      async () => {
        const stats = await fake.stats();
        // A request that was not acknowledged gets no card to wait for (it counts as an error).
        const times = sent.flatMap((s, i) => {
          if (s.status !== 200) return [];
          const key = cardKey(i);
          const at =
            key.thread !== undefined
              ? stats.firstReply[key.thread]
              : stats.firstPost[key.channel ?? ''];
          return [at === undefined ? undefined : at - s.sentAt];
        });
        return times.every((t) => t !== undefined) ? (times as number[]) : undefined;
      },
      120_000,
      `${label}: every card`,
      50,
    );
  const acks = sent.map((s) => s.ms);
  return {
    label,
    count,
    errors: sent.filter((s) => s.status !== 200).length,
    ackP50: quantile(acks, 0.5),
    ackP99: quantile(acks, 0.99),
    cardP50: quantile(cards, 0.5),
    cardP99: quantile(cards, 0.99),
    ...(cpu !== undefined ? { cpu } : {}),
  };
}

/** `row` judged against the targets: every ack's, and with `card` a lookup's card's. */
function judged(row: Row, card: boolean): Row {
  const targets = [{ what: 'ack', p99Ms: row.ackP99, limitMs: ACK_P99_MS }];
  if (card) targets.push({ what: 'card', p99Ms: row.cardP99, limitMs: LOOKUP_CARD_P99_MS });
  return { ...row, verdict: loadVerdict(row.errors, targets) };
}

/** Why requests failed without an answer (a reset connection, a timeout), with how often. */
const failures = new Map<string, number>();

/** A request timed; one that fails without an answer counts as an error (status 0), not a crash. */
async function timed(run: () => Promise<{ status: number; ms: number }>): Promise<Sent> {
  const sentAt = now();
  try {
    const r = await run();
    return { status: r.status, ms: r.ms, sentAt };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    failures.set(why, (failures.get(why) ?? 0) + 1);
    return { status: 0, ms: now() - sentAt, sentAt };
  }
}

function pastes(): string[] {
  const dir = fileURLToPath(new URL('../../test/fixtures/pastes/', import.meta.url));
  return readdirSync(dir)
    .filter((f) => !/^(README\.md|expected\.json|\..*)$/.test(f))
    .map((f) => escapeAsSlackDoes(readFileSync(join(dir, f), 'utf8')));
}

async function runConfiguration(
  label: string,
  workers: string | undefined,
  quick: boolean,
  capture: string,
) {
  const fake = await startFake(capture);
  try {
    const bot = await startBot(`${fake.base}/api/`, workers, 'dist/main.js');
    try {
      return await measure(label, quick, fake, bot);
    } catch (error) {
      throw withBotLog(error, bot);
    } finally {
      await stop(bot.child);
    }
  } finally {
    await stop(fake.child);
  }
}

/** The rows of one configuration, from a bot and a fake Slack that are running. */
async function measure(label: string, quick: boolean, fake: Fake, bot: Bot) {
  const sender = new SlackSender(`http://127.0.0.1:${bot.port}/slack/events`, SECRET);
  const slash = (q: string, channel: string) =>
    sender.slash(q, { channel, responseUrl: fake.responseUrl() });
  const rows: Row[] = [];
  const pid = bot.child.pid as number;

  rows.push(
    await load(
      `${label} cold: first /sip 403`,
      fake,
      1,
      1,
      () => timed(() => slash('403', 'CFIRST')),
      () => ({
        channel: 'CFIRST',
      }),
    ),
  );
  // Warm-up, not measured: the first requests compile the hot paths (the cold row has them).
  await pool(
    Array.from(
      { length: 100 },
      (_, i) => () => timed(() => slash(QUERIES[i % QUERIES.length] as string, `CW${i}`)),
    ),
    50,
  );

  const lookups = quick ? 200 : 1000;
  rows.push(
    judged(
      await load(
        `${label} warm: /sip lookups`,
        fake,
        lookups,
        50,
        (i) => timed(() => slash(QUERIES[i % QUERIES.length] as string, `CL${i}`)),
        (i) => ({ channel: `CL${i}` }),
        pid,
      ),
      true,
    ),
  );

  // The same count of lookups, no query asked twice: nothing an answer cache could serve.
  const distinct = (i: number): string =>
    i < 600 ? String(100 + i) : i < 728 ? `q850 ${i - 600}` : `warning ${300 + (i % 100)} ${i}`;
  rows.push(
    judged(
      await load(
        `${label} warm: /sip lookups, no query repeated`,
        fake,
        lookups,
        50,
        (i) => timed(() => slash(distinct(i), `CU${i}`)),
        (i) => ({ channel: `CU${i}` }),
        pid,
      ),
      true,
    ),
  );

  const texts = pastes();
  const count = quick ? 50 : 200;
  rows.push(
    judged(
      await load(
        `${label} warm: pasted traces`,
        fake,
        count,
        50,
        (i) =>
          timed(() =>
            sender.event({
              type: 'message',
              channel: `CP${i}`,
              user: 'U0ALICE',
              text: texts[i % texts.length] as string,
              ts: `1733400000.${String(i).padStart(6, '0')}`,
              channel_type: 'channel',
            }),
          ),
        (i) => ({ thread: `1733400000.${String(i).padStart(6, '0')}` }),
        pid,
      ),
      false,
    ),
  );

  // A 34 MB capture shared in a channel; one lookup every 10 ms until its diagnosis is posted.
  const shareTs = '1733500000.000001';
  const bigSent = now();
  await sender.event({
    type: 'message',
    subtype: 'file_share',
    channel: 'CBIG',
    user: 'U0ALICE',
    text: 'capture from the edge proxy',
    ts: shareTs,
    files: [fake.file],
  });
  const paced: Promise<Sent>[] = [];
  let bigCard: number | undefined;
  while (bigCard === undefined) {
    const i = paced.length;
    paced.push(timed(() => slash(QUERIES[i % QUERIES.length] as string, `CD${i}`)));
    await new Promise((r) => setTimeout(r, 10));
    if (i % 10 === 0) bigCard = (await fake.stats()).firstReply[shareTs];
    if (now() - bigSent > 120_000) throw new Error('the capture diagnosis never came');
  }
  const during = await Promise.all(paced);
  rows.push(
    judged(
      await load(
        `${label} warm: lookups during a 34 MB diagnosis`,
        fake,
        during.length,
        1,
        async (i) => during[i] as Sent,
        (i) => ({ channel: `CD${i}` }),
      ),
      true,
    ),
  );

  const rss = peakRssMb(pid);
  return { rows, startMs: bot.startMs, rss, bigMs: bigCard - bigSent };
}

/** The peer: a bare Bolt app acking the same burst, nothing else. */
async function bareBolt(quick: boolean, capture: string): Promise<Row> {
  const fake = await startFake(capture);
  const bot = await startBot(
    `${fake.base}/api/`,
    undefined,
    fileURLToPath(new URL('./bare-bolt.mjs', import.meta.url)),
  );
  const sender = new SlackSender(`http://127.0.0.1:${bot.port}/slack/events`, SECRET);
  const slash = (i: number) =>
    timed(() =>
      sender.slash(QUERIES[i % QUERIES.length] as string, {
        channel: `CB${i}`,
        responseUrl: fake.responseUrl(),
      }),
    );
  await pool(
    Array.from({ length: 100 }, (_, i) => () => slash(i)),
    50,
  );
  const row = await load(
    'warm peer: bare Bolt, ack only (no work): /sip burst',
    fake,
    quick ? 200 : 1000,
    50,
    slash,
    undefined,
    bot.child.pid,
  );
  await stop(bot.child);
  await stop(fake.child);
  return row;
}

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function ms(n: number): string {
  return Number.isNaN(n) ? '' : `${n.toFixed(n < 10 ? 1 : 0)} ms`;
}

function rowLine(row: Row): string {
  const cpu = row.cpu
    ? `   cpu: bot ${row.cpu.bot.toFixed(0)}%, sender ${row.cpu.here.toFixed(0)}%`
    : '';
  const verdict = row.verdict === undefined ? '' : `   ${row.verdict}`;
  return `${row.label.padEnd(52)} ${String(row.count).padStart(5)} ${String(row.errors).padStart(4)} ${ms(row.ackP50).padStart(9)} ${ms(row.ackP99).padStart(9)} ${ms(row.cardP50).padStart(9)} ${ms(row.cardP99).padStart(9)}${verdict}${cpu}`;
}

export async function runSlackBenchmarks(
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  const quick = argv.includes('--quick');
  if (!argv.includes('--no-build') || !existsSync(join(root, 'dist/main.js')))
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  const tmp = mkdtempSync(join(tmpdir(), 'sip-triage-slack-bench-'));
  try {
    const capture = join(tmp, 'edge.pcap');
    // Its own process: generating the corpus leaves a heap whose collection must not land in a measurement.
    execFileSync(
      process.execPath,
      [...tsx, fileURLToPath(new URL('./write-capture.ts', import.meta.url)), capture],
      {
        stdio: 'inherit',
      },
    );
    const results = [];
    for (const [label, workers] of [
      ['workers', undefined],
      ['main thread', '0'],
    ] as const)
      results.push({ label, ...(await runConfiguration(label, workers, quick, capture)) });
    const peer = await bareBolt(quick, capture);

    out(
      '\nSlack under load (bot = node dist/main.js, HTTP mode; fake Slack and sender in two other processes, 127.0.0.1)',
    );
    out(
      `${'row'.padEnd(52)} ${'n'.padStart(5)} ${'err'.padStart(4)} ${'ack p50'.padStart(9)} ${'ack p99'.padStart(9)} ${'card p50'.padStart(9)} ${'card p99'.padStart(9)}`,
    );
    for (const r of results) {
      out(
        `${`${r.label} cold: process start to serving`.padEnd(52)} ${'1'.padStart(5)} ${''.padStart(4)} ${''.padStart(19)} ${ms(r.startMs).padStart(9)}`,
      );
      for (const row of r.rows) out(rowLine(row));
      out(
        `${`${r.label}: the 34 MB capture's diagnosis posted`.padEnd(52)} ${'1'.padStart(5)} ${''.padStart(4)} ${''.padStart(19)} ${ms(r.bigMs).padStart(9)}`,
      );
      out(
        `${`${r.label}: peak RSS of the bot process`.padEnd(52)} ${`${r.rss.toFixed(0)} MB`.padStart(15)}`,
      );
    }
    out(rowLine(peer));
    out(
      `targets (judged in the bot's warm rows, not the peer's): ack p99 < ${ACK_P99_MS} ms; card p99 < ${LOOKUP_CARD_P99_MS} ms for lookups; no request failed`,
    );
    for (const [why, count] of failures)
      out(`  requests that failed without an answer (in the err column): ${count} x ${why}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  await runSlackBenchmarks();
