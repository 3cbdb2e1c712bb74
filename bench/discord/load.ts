/**
 * Discord under load, as an operator runs it: the built bot (`node
 * dist/main.js`, gateway plus the HTTP interactions endpoint) against the
 * fake Discord, which runs here, in the measuring process, and timestamps
 * each interaction it dispatches and each initial response it receives.
 * Side by side in one run: the default (answers worked out in worker
 * threads) and a bare discord.js client that answers every interaction
 * with a fixed reply (the peer: what an initial response costs on this
 * machine before any of the bot's work).
 *
 *   cold   process start until the client is ready; the first /sip 403
 *   warm   1,000 `/sip` lookups at concurrency 50 through the gateway
 *          (ten queries, as an incident repeats them), time to the initial response
 *   warm   1,000 through the HTTP endpoint (signed POSTs), time to the HTTP answer
 *   warm   1,000 autocompletes through the gateway (every keystroke asks)
 *   warm   20 pasted traces in one channel, 5 at a time: time to the first post in the
 *          thread (Discord lets a bot make 50 requests a second and post a few messages
 *          a second per channel, and @discordjs/rest keeps to that, so a paste burst in
 *          one channel queues by design; the fake reports those limits)
 *   peak RSS of the bot process (VmHWM), threads included
 *
 * Rows under load also show the CPU the bot and this process used (% of one
 * core; the machine has two). BENCH_WORKERS=n runs the bot with SIP_WORKERS=n;
 * BENCH_PROF=<dir> writes its CPU profiles there.
 *
 * `npx tsx bench/discord/load.ts [--quick] [--no-build]`; `npm run bench` runs it after Slack.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpPost } from '../../src/adapters/slack/http-post.js';
import {
  APP_ID,
  DISCORD_TOKEN,
  FakeDiscord,
  type RestCall,
  waitFor,
} from '../../test/support/discord/fake-discord.js';
import { INITIAL_RESPONSE_P99_MS, loadVerdict } from '../load-targets.js';
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
const KEYSTROKES = ['4', '40', '48', 'q850 3', 'USER_B', 'busy', 'forb', '5', '50', 'warn'];

interface Row {
  label: string;
  count: number;
  errors: number;
  p50: number;
  p99: number;
  cardP50?: number;
  cardP99?: number;
  /** CPU used while the row ran, in % of one core: the bot, and this process (sender and fake). */
  cpu?: string;
  /** The row against its target (see judged), when it has one. */
  verdict?: string;
}

/** `row` judged against the target of the 1,000 lookups: the initial response's p99. */
function judged(row: Row): Row {
  const target = { what: 'initial response', p99Ms: row.p99, limitMs: INITIAL_RESPONSE_P99_MS };
  return { ...row, verdict: loadVerdict(row.errors, [target]) };
}

/** Runs a row and notes the CPU the bot and this process used meanwhile. */
async function measured(pid: number, run: () => Promise<Row>): Promise<Row> {
  const wall = now();
  const bot = cpuSeconds(pid);
  const here = process.cpuUsage();
  const row = await run();
  const seconds = (now() - wall) / 1000;
  const used = process.cpuUsage(here);
  const botPct = (100 * (cpuSeconds(pid) - bot)) / seconds;
  const herePct = (100 * (used.user + used.system)) / 1e6 / seconds;
  return { ...row, cpu: `cpu: bot ${Math.round(botPct)}%, here ${Math.round(herePct)}%` };
}

/** Resolves with the first REST call that `match` accepts, as it arrives (no polling). */
class Calls {
  private readonly waiting = new Map<string, (call: RestCall) => void>();
  constructor(
    fake: FakeDiscord,
    private readonly key: (call: RestCall) => string | undefined,
  ) {
    fake.onCall((call) => {
      const k = this.key(call);
      if (k === undefined) return;
      const resolve = this.waiting.get(k);
      if (resolve === undefined) return;
      this.waiting.delete(k);
      resolve(call);
    });
  }
  next(k: string, timeoutMs = 30_000): Promise<RestCall | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(k);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(k, (call) => {
        clearTimeout(timer);
        resolve(call);
      });
    });
  }
}

interface Bot {
  child: ChildProcess;
  port: number;
  startMs: number;
}

async function startBot(fake: FakeDiscord, publicKey: string, entry: string): Promise<Bot> {
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
        DISCORD_TOKEN,
        DISCORD_APPLICATION_ID: APP_ID,
        DISCORD_API_URL: fake.apiUrl,
        DISCORD_PUBLIC_KEY: publicKey,
        DISCORD_PORT: String(port),
        LOG_LEVEL: 'warn',
        ...(process.env.BENCH_WORKERS !== undefined
          ? { SIP_WORKERS: process.env.BENCH_WORKERS }
          : {}),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
  );
  let err = '';
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
  });
  await fake.waitForReady(1, 60_000);
  // Ready means the client is; the adapter logs (at info) or the peer prints once it listens.
  await waitFor(() => (fake.readyShards() > 0 ? true : undefined), 60_000, 'the bot');
  await new Promise((r) => setTimeout(r, 200));
  if (child.exitCode !== null) throw new Error(`the bot stopped: ${err}`);
  return { child, port, startMs: now() - started };
}

/** `/sip query:<text>` as sent (type 2), or while it is typed (type 4, autocomplete). */
function sipInteraction(query: string, typing = false): Record<string, unknown> {
  return {
    type: typing ? 4 : 2,
    data: {
      id: '300000000000000001',
      name: 'sip',
      type: 1,
      options: [{ name: 'query', type: 3, value: query, ...(typing ? { focused: true } : {}) }],
    },
  };
}

const slash = (query: string) => sipInteraction(query);
const autocomplete = (partial: string) => sipInteraction(partial, true);

async function gatewayRow(
  label: string,
  fake: FakeDiscord,
  callbacks: Calls,
  count: number,
  make: (i: number) => Record<string, unknown>,
): Promise<Row> {
  const times = await pool(
    Array.from({ length: count }, (_, i) => async () => {
      const sentAt = now();
      const interaction = fake.interaction(make(i));
      const call = await callbacks.next(String(interaction.id));
      return call === undefined ? undefined : call.at - sentAt;
    }),
    50,
  );
  const ok = times.filter((t): t is number => t !== undefined);
  return {
    label,
    count,
    errors: count - ok.length,
    p50: quantile(ok, 0.5),
    p99: quantile(ok, 0.99),
  };
}

async function httpRow(
  label: string,
  fake: FakeDiscord,
  url: string,
  key: KeyObject,
  count: number,
): Promise<Row> {
  // Signed before the clock starts, as Discord signs on its own machines.
  const requests = Array.from({ length: count }, (_, i) => {
    const payload = fake.buildInteraction(slash(QUERIES[i % QUERIES.length] as string));
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(timestamp + body), key).toString('hex');
    return { payload, body, timestamp, signature };
  });
  const results = await pool(
    requests.map(({ payload, body, timestamp, signature }) => async () => {
      const sentAt = now();
      // node:http with keep-alive, as Discord's own client is lean: fetch would time the sender.
      const response = await httpPost(
        url,
        {
          'content-type': 'application/json',
          'x-signature-ed25519': signature,
          'x-signature-timestamp': timestamp,
        },
        body,
        30_000,
      );
      const ms = now() - sentAt;
      const answer = JSON.parse(response.body) as { type?: number };
      // As Discord would, the fake learns of the answer, so the answer's further parts may follow up.
      if (response.status === 200) fake.answeredOverHttp(String(payload.id), answer);
      return { ms, ok: response.status === 200 && answer.type === 4 };
    }),
    50,
  );
  const ok = results.filter((r) => r.ok).map((r) => r.ms);
  return {
    label,
    count,
    errors: count - ok.length,
    p50: quantile(ok, 0.5),
    p99: quantile(ok, 0.99),
  };
}

async function pasteRow(
  label: string,
  fake: FakeDiscord,
  posts: Calls,
  count: number,
  concurrency: number,
): Promise<Row> {
  const dir = fileURLToPath(new URL('../../test/fixtures/pastes/', import.meta.url));
  const texts = readdirSync(dir)
    .filter((f) => !/^(README\.md|expected\.json|\..*)$/.test(f))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    // A message holds 2,000 characters (4,000 with Nitro); longer pastes arrive as message.txt.
    .map((t) =>
      t.length <= 4000
        ? { content: `\`\`\`\n${t}\n\`\`\`` }
        : {
            content: 'trace attached',
            attachments: [{ filename: 'message.txt', data: Buffer.from(t) }],
          },
    );
  const times = await pool(
    Array.from({ length: count }, (_, i) => async () => {
      const sentAt = now();
      const message = fake.userMessage(texts[i % texts.length] as never);
      const call = await posts.next(String(message.id), 60_000);
      return call === undefined ? undefined : call.at - sentAt;
    }),
    concurrency,
  );
  const ok = times.filter((t): t is number => t !== undefined);
  return {
    label,
    count,
    errors: count - ok.length,
    p50: Number.NaN,
    p99: Number.NaN,
    cardP50: quantile(ok, 0.5),
    cardP99: quantile(ok, 0.99),
  };
}

/**
 * Waits until the bot has sent everything it owes (no REST call for 2.5
 * s): the further parts of long answers go out at Discord's pace (50
 * requests a second per bot), after the initial responses the rows time.
 * Returns how long that took, so the next row starts on a quiet bot.
 */
async function drained(fake: FakeDiscord): Promise<number> {
  const started = now();
  let last = fake.calls.length;
  let quietSince = now();
  // Longer than @discordjs/rest's pause for the global limit (about a second).
  while (now() - quietSince < 2_500) {
    await new Promise((r) => setTimeout(r, 100));
    if (fake.calls.length !== last) {
      last = fake.calls.length;
      quietSince = now();
    }
  }
  return now() - started - 2_500;
}

function print(rows: Row[], extra: string[]): void {
  const ms = (v: number | undefined) =>
    v === undefined || Number.isNaN(v) ? '' : v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`;
  process.stdout.write(
    '\nDiscord under load (bot = node dist/main.js, gateway + HTTP endpoint; fake Discord and sender in this process, 127.0.0.1)\n',
  );
  process.stdout.write(
    `${'row'.padEnd(58)}${'n'.padStart(6)}${'err'.padStart(5)}${'resp p50'.padStart(10)}${'resp p99'.padStart(10)}${'post p50'.padStart(10)}${'post p99'.padStart(10)}\n`,
  );
  for (const r of rows)
    process.stdout.write(
      `${r.label.padEnd(58)}${String(r.count).padStart(6)}${String(r.errors).padStart(5)}${ms(r.p50).padStart(10)}${ms(r.p99).padStart(10)}${ms(r.cardP50).padStart(10)}${ms(r.cardP99).padStart(10)}${r.verdict ? `   ${r.verdict}` : ''}${r.cpu ? `   ${r.cpu}` : ''}\n`,
    );
  for (const line of extra) process.stdout.write(`${line}\n`);
  process.stdout.write(
    `targets (judged in the two lookup rows): initial response p99 < ${INITIAL_RESPONSE_P99_MS} ms (gateway and HTTP); no request failed\n`,
  );
}

export async function runDiscordBenchmarks(args: string[]): Promise<void> {
  const quick = args.includes('--quick');
  if (!args.includes('--no-build') || !existsSync(join(root, 'dist/main.js')))
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  const n = quick ? 200 : 1000;
  const rows: Row[] = [];
  const extra: string[] = [];
  const keys = generateKeyPairSync('ed25519');
  const publicKey = keys.publicKey
    .export({ format: 'der', type: 'spki' })
    .subarray(-32)
    .toString('hex');

  {
    const fake = await FakeDiscord.start();
    const callbacks = new Calls(fake, (c) => /^\/interactions\/(\d+)\//.exec(c.path)?.[1]);
    const threadPosts = new Calls(fake, (c) =>
      c.method === 'POST' ? /^\/channels\/(\d+)\/messages$/.exec(c.path)?.[1] : undefined,
    );
    const bot = await startBot(fake, publicKey, 'dist/main.js');
    rows.push({
      label: 'workers cold: process start to gateway ready',
      count: 1,
      errors: 0,
      p50: Number.NaN,
      p99: Number.NaN,
      cardP50: bot.startMs,
      cardP99: bot.startMs,
    });
    rows.push(
      await gatewayRow('workers cold: first /sip 403 (gateway)', fake, callbacks, 1, () =>
        slash('403'),
      ),
    );
    // Warm-up, not measured: the first requests compile the hot paths (the cold row has them).
    await gatewayRow('warm-up', fake, callbacks, 100, (i) =>
      slash(QUERIES[i % QUERIES.length] as string),
    );
    await drained(fake);
    const pid = bot.child.pid as number;
    rows.push(
      judged(
        await measured(pid, () =>
          gatewayRow('workers warm: /sip lookups (gateway)', fake, callbacks, n, (i) =>
            slash(QUERIES[i % QUERIES.length] as string),
          ),
        ),
      ),
    );
    const behind = await drained(fake);
    extra.push(
      `workers: the further parts of those ${n} answers (long cards take 2-3 messages) were all out ${(behind / 1000).toFixed(1)} s after the last initial response (Discord allows 50 requests/s per bot)`,
    );
    const endpoint = `http://127.0.0.1:${bot.port}/discord/interactions`;
    await httpRow('warm-up', fake, endpoint, keys.privateKey, 100);
    await drained(fake);
    rows.push(
      judged(
        await measured(pid, () =>
          httpRow('workers warm: /sip lookups (HTTP endpoint)', fake, endpoint, keys.privateKey, n),
        ),
      ),
    );
    await drained(fake);
    rows.push(
      await measured(pid, () =>
        gatewayRow('workers warm: autocomplete (gateway)', fake, callbacks, n, (i) =>
          autocomplete(KEYSTROKES[i % KEYSTROKES.length] as string),
        ),
      ),
    );
    await drained(fake);
    rows.push(
      await pasteRow(
        'workers warm: 20 pasted traces, 5 at a time, thread post',
        fake,
        threadPosts,
        20,
        5,
      ),
    );
    extra.push(
      `workers: peak RSS of the bot process ${Math.round(peakRssMb(bot.child.pid as number))} MB`,
    );
    await stop(bot.child);
    await fake.stop();
  }
  {
    const fake = await FakeDiscord.start();
    const callbacks = new Calls(fake, (c) => /^\/interactions\/(\d+)\//.exec(c.path)?.[1]);
    const peer = await startBot(fake, publicKey, 'bench/discord/bare-discord.mjs');
    await gatewayRow('warm-up', fake, callbacks, 100, () => slash('403'));
    rows.push(
      await measured(peer.child.pid as number, () =>
        gatewayRow('warm peer: bare discord.js, fixed reply (gateway)', fake, callbacks, n, () =>
          slash('403'),
        ),
      ),
    );
    await stop(peer.child);
    await fake.stop();
  }
  print(rows, extra);
}

if (import.meta.url === `file://${process.argv[1]}`)
  await runDiscordBenchmarks(process.argv.slice(2));
