/**
 * Slack under load, as an operator runs it: the built bot (`node
 * dist/main.js`, HTTP mode) as its own process against the fake Slack, and
 * this process sending signed requests the way Slack does. Measured per
 * configuration, side by side in one run: the default (answers worked out
 * in worker threads) and SIP_WORKERS=0 (answers on the main thread).
 *
 *   cold   process start until it serves /slack/events; the first card
 *   warm   1,000 `/sip` lookups at concurrency 50: ack latency, time to the posted card
 *   warm   200 pasted traces (the committed paste fixtures, Slack-escaped) at concurrency 50
 *   warm   200 lookups while a 50,000-message (34 MB) capture shared in the channel is diagnosed
 *   peak RSS of the bot process (VmHWM), threads included
 *
 * `npx tsx bench/slack/load.ts [--quick]`; `npm run bench` runs it last.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOT_TOKEN, FakeSlack, waitFor } from '../../test/support/slack/fake-slack.js';
import { escapeAsSlackDoes } from '../../test/support/slack/slack-escaping.js';
import { SlackSender } from '../../test/support/slack/slack-sender.js';

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

interface Row {
  label: string;
  count: number;
  errors: number;
  ackP50: number;
  ackP99: number;
  cardP50: number;
  cardP99: number;
  /** CPU used while the requests were sent, in % of one core: the bot process (all threads), this process (senders and the fake). */
  cpu?: { bot: number; here: number };
}

/** CPU seconds a process has used so far (utime + stime of /proc/<pid>/stat). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await (tasks[i] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

interface Bot {
  child: ChildProcess;
  port: number;
  startMs: number;
}

async function startBot(
  fake: FakeSlack,
  workers: string | undefined,
  entry = 'dist/main.js',
): Promise<Bot> {
  const port = await freePort();
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SLACK|DISCORD)_|^PORT$|^SIP_/.test(k)),
  );
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []),
      entry,
    ],
    {
      cwd: root,
      env: {
        ...env,
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: String(port),
        LOG_LEVEL: 'info',
        ...(workers !== undefined ? { SIP_WORKERS: workers } : {}),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
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
  return { child, port, startMs: performance.now() - started };
}

/** Sends `count` requests made by `make(i)` at `concurrency`; a card counts when the fake sees a post in channel `channel(i)`. */
async function load(
  label: string,
  count: number,
  concurrency: number,
  send: (i: number) => Promise<{ status: number; ms: number; sentAt: number }>,
  cardFor: (i: number) => number | undefined,
  pid?: number,
): Promise<Row> {
  const wall = performance.now();
  const botCpu = pid === undefined ? 0 : cpuSeconds(pid);
  const hereCpu = process.cpuUsage();
  const sent = await pool(
    Array.from({ length: count }, (_, i) => () => send(i)),
    concurrency,
  );
  const seconds = (performance.now() - wall) / 1000;
  const used = process.cpuUsage(hereCpu);
  const cpu =
    pid === undefined || count < 50
      ? undefined
      : {
          bot: (100 * (cpuSeconds(pid) - botCpu)) / seconds,
          here: (100 * (used.user + used.system)) / 1e6 / seconds,
        };
  const cards = await waitFor(
    () => {
      const times = sent.map((s, i) => {
        const at = cardFor(i);
        return at === undefined ? undefined : at - s.sentAt;
      });
      return times.every((t) => t !== undefined) ? (times as number[]) : undefined;
    },
    120_000,
    `${label}: every card`,
  );
  if (process.env.BENCH_DEBUG)
    process.stderr.write(
      `${label} ${sent.map((s) => `${Math.round(s.sentAt)}:${Math.round(s.ms)}`).join(' ')}\n`,
    );
  return {
    label,
    count,
    errors: sent.filter((s) => s.status !== 200).length,
    ackP50: quantile(
      sent.map((s) => s.ms),
      0.5,
    ),
    ackP99: quantile(
      sent.map((s) => s.ms),
      0.99,
    ),
    cardP50: quantile(cards, 0.5),
    cardP99: quantile(cards, 0.99),
    ...(cpu !== undefined ? { cpu } : {}),
  };
}

/** When the bot first posted in `channel` (or in a thread on `ts`), by the fake's clock. */
function postedAt(
  fake: FakeSlack,
  where: { channel?: string; thread?: string },
): number | undefined {
  return where.thread !== undefined
    ? fake.firstReply.get(where.thread)
    : fake.firstPost.get(where.channel ?? '');
}

async function runConfiguration(
  label: string,
  workers: string | undefined,
  quick: boolean,
  pcap: Buffer,
) {
  const fake = new FakeSlack();
  await fake.start();
  const bot = await startBot(fake, workers);
  const sender = new SlackSender(`http://127.0.0.1:${bot.port}/slack/events`, SECRET);
  const rows: Row[] = [];
  const timed = async (run: () => Promise<{ status: number; ms: number }>) => {
    const sentAt = performance.now();
    const r = await run();
    return { status: r.status, ms: r.ms, sentAt };
  };

  // Cold: the first card of a fresh process.
  rows.push(
    await load(
      `${label} cold: first /sip 403`,
      1,
      1,
      () =>
        timed(() => sender.slash('403', { channel: 'CFIRST', responseUrl: fake.responseUrl() })),
      () => postedAt(fake, { channel: 'CFIRST' }),
    ),
  );

  // Warm-up, not measured: the first requests compile the hot paths (the cold row above has them).
  await pool(
    Array.from(
      { length: 100 },
      (_, i) => () =>
        sender.slash(QUERIES[i % QUERIES.length] as string, {
          channel: `CW${i}`,
          responseUrl: fake.responseUrl(),
        }),
    ),
    50,
  );
  await waitFor(
    () => (fake.botMessages().length >= 101 ? true : undefined),
    60_000,
    'the warm-up cards',
  );

  const lookups = quick ? 200 : 1000;
  rows.push(
    await load(
      `${label} warm: /sip lookups`,
      lookups,
      50,
      (i) =>
        timed(() =>
          sender.slash(QUERIES[i % QUERIES.length] as string, {
            channel: `CL${i}`,
            responseUrl: fake.responseUrl(),
          }),
        ),
      (i) => postedAt(fake, { channel: `CL${i}` }),
      bot.child.pid,
    ),
  );

  const dir = fileURLToPath(new URL('../../test/fixtures/pastes/', import.meta.url));
  const pastes = readdirSync(dir)
    .filter((f) => !/^(README\.md|expected\.json|\..*)$/.test(f))
    .map((f) => escapeAsSlackDoes(readFileSync(join(dir, f), 'utf8')));
  const pasteCount = quick ? 50 : 200;
  const pasted: string[] = [];
  rows.push(
    await load(
      `${label} warm: pasted traces`,
      pasteCount,
      50,
      (i) => {
        const m = fake.addMessage({
          channel: `CP${i}`,
          user: 'U0ALICE',
          text: pastes[i % pastes.length] as string,
        });
        pasted[i] = m.ts;
        return timed(() =>
          sender.event({
            type: 'message',
            channel: m.channel,
            user: m.user,
            text: m.text,
            ts: m.ts,
            channel_type: 'channel',
          }),
        );
      },
      (i) => postedAt(fake, { thread: pasted[i] as string }),
      bot.child.pid,
    ),
  );

  // A 34 MB capture shared in the channel, then lookups while it is diagnosed.
  const file = fake.addFile('edge-proxy.pcap', pcap, 'application/vnd.tcpdump.pcap');
  const share = fake.addMessage({
    channel: 'CBIG',
    user: 'U0ALICE',
    text: 'capture from the edge proxy',
    files: [file],
  });
  const bigSent = performance.now();
  await sender.event({
    type: 'message',
    subtype: 'file_share',
    channel: 'CBIG',
    user: 'U0ALICE',
    text: share.text,
    ts: share.ts,
    files: [file],
  });
  // One lookup every 10 ms for as long as the capture is being read and diagnosed.
  const paced: Promise<{ status: number; ms: number; sentAt: number }>[] = [];
  while (postedAt(fake, { thread: share.ts as string }) === undefined) {
    const i = paced.length;
    paced.push(
      timed(() =>
        sender.slash(QUERIES[i % QUERIES.length] as string, {
          channel: `CD${i}`,
          responseUrl: fake.responseUrl(),
        }),
      ),
    );
    await new Promise((r) => setTimeout(r, 10));
    if (performance.now() - bigSent > 120_000) throw new Error('the capture diagnosis never came');
  }
  const bigCard = postedAt(fake, { thread: share.ts as string }) as number;
  const duringSent = await Promise.all(paced);
  rows.push(
    await load(
      `${label} warm: lookups during a 34 MB diagnosis`,
      duringSent.length,
      1,
      async (i) => duringSent[i] as { status: number; ms: number; sentAt: number },
      (i) => postedAt(fake, { channel: `CD${i}` }),
    ),
  );
  const bigMs = bigCard - bigSent;

  const rss = peakRssMb(bot.child.pid as number);
  bot.child.kill('SIGTERM');
  await new Promise((r) => bot.child.once('close', r));
  await fake.stop();
  return { rows, startMs: bot.startMs, rss, bigMs };
}

function ms(n: number): string {
  return `${n.toFixed(n < 10 ? 1 : 0)} ms`;
}

/** The peer: bare Bolt acking the same burst, nothing else. */
async function bareBolt(quick: boolean): Promise<Row> {
  const fake = new FakeSlack();
  await fake.start();
  const bot = await startBot(
    fake,
    undefined,
    fileURLToPath(new URL('./bare-bolt.mjs', import.meta.url)),
  );
  const sender = new SlackSender(`http://127.0.0.1:${bot.port}/slack/events`, SECRET);
  const slash = (i: number) =>
    sender.slash(QUERIES[i % QUERIES.length] as string, {
      channel: `CB${i}`,
      responseUrl: fake.responseUrl(),
    });
  await pool(
    Array.from({ length: 100 }, (_, i) => () => slash(i)),
    50,
  );
  const n = quick ? 200 : 1000;
  const sent = await pool(
    Array.from({ length: n }, (_, i) => () => slash(i)),
    50,
  );
  bot.child.kill('SIGTERM');
  await new Promise((r) => bot.child.once('close', r));
  await fake.stop();
  const acks = sent.map((s) => s.ms);
  return {
    label: 'peer: bare Bolt, ack only (no work)',
    count: n,
    errors: sent.filter((s) => s.status !== 200).length,
    ackP50: quantile(acks, 0.5),
    ackP99: quantile(acks, 0.99),
    cardP50: Number.NaN,
    cardP99: Number.NaN,
  };
}

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export async function runSlackBenchmarks(
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  const quick = argv.includes('--quick');
  if (!argv.includes('--no-build') || !existsSync(join(root, 'dist/main.js')))
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  const tmp = mkdtempSync(join(tmpdir(), 'sip-triage-slack-bench-'));
  const pcapFile = join(tmp, 'edge.pcap');
  execFileSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./write-capture.ts', import.meta.url)), pcapFile],
    { stdio: 'inherit' },
  );
  const pcap = readFileSync(pcapFile);
  rmSync(tmp, { recursive: true, force: true });

  const results = [];
  for (const [label, workers] of [
    ['workers', undefined],
    ['main thread', '0'],
  ] as const)
    results.push({ label, ...(await runConfiguration(label, workers, quick, pcap)) });

  const peer = await bareBolt(quick);
  out(
    `\nSlack under load (bot = node dist/main.js in HTTP mode, its own process; fake Slack on 127.0.0.1)`,
  );
  out(
    `${'row'.padEnd(52)} ${'n'.padStart(5)} ${'err'.padStart(4)} ${'ack p50'.padStart(9)} ${'ack p99'.padStart(9)} ${'card p50'.padStart(9)} ${'card p99'.padStart(9)}`,
  );
  for (const r of results) {
    out(
      `${`${r.label} cold: process start to serving`.padEnd(52)} ${'1'.padStart(5)} ${''.padStart(4)} ${''.padStart(9)} ${''.padStart(9)} ${ms(r.startMs).padStart(9)}`,
    );
    for (const row of r.rows)
      out(
        `${row.label.padEnd(52)} ${String(row.count).padStart(5)} ${String(row.errors).padStart(4)} ${ms(row.ackP50).padStart(9)} ${ms(row.ackP99).padStart(9)} ${ms(row.cardP50).padStart(9)} ${ms(row.cardP99).padStart(9)}${row.cpu ? `   cpu: bot ${row.cpu.bot.toFixed(0)}%, load+fake ${row.cpu.here.toFixed(0)}%` : ''}`,
      );
    out(
      `${`${r.label}: the 34 MB capture's diagnosis in its thread`.padEnd(52)} ${'1'.padStart(5)} ${''.padStart(4)} ${''.padStart(9)} ${''.padStart(9)} ${ms(r.bigMs).padStart(9)}`,
    );
    out(
      `${`${r.label}: peak RSS of the bot process`.padEnd(52)} ${`${r.rss.toFixed(0)} MB`.padStart(15)}`,
    );
  }
  out(
    `${`warm ${peer.label}: /sip burst`.padEnd(52)} ${String(peer.count).padStart(5)} ${String(peer.errors).padStart(4)} ${ms(peer.ackP50).padStart(9)} ${ms(peer.ackP99).padStart(9)}`,
  );
  out('targets: ack p99 < 100 ms; card p99 < 500 ms for lookups');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  await runSlackBenchmarks();
