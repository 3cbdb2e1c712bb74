/**
 * Cold start, as a user measures it: whole `sip-triage ...` processes
 * (dist/cli.cjs run as the command, as package.json's bin names it, through
 * its launcher lines: see bench/cli-command.ts), from spawn to
 * exit (the console: from spawn to its first answer on stdout). Every row is
 * spawned once per round and the rounds run the rows round-robin, so a noisy
 * moment on a shared machine hits them all alike;
 * each row is the median of its spawns. `node -e 0` is the floor no command
 * can go under. Runs on the built CLI (`npm run build` first, unless
 * --no-build and dist/ exists); `npm run bench -- --only-cold` runs it alone.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CLI_COMMAND as cli, commandPath } from './cli-command.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const paste = join(root, 'test/fixtures/pastes/raw.txt');

interface Row {
  name: string;
  /** The program to spawn; node by default. */
  program?: string;
  args: string[];
  /** Target median in milliseconds; undefined for rows measured for reference. */
  targetMs?: number;
  /** Written to stdin at once; stdin is then closed, unless `until` is set. */
  stdin?: string;
  /** Time until stdout shows this text (then `after` is written and stdin closed), not until exit. */
  until?: string;
  after?: string;
}

const node = process.execPath;
/** util-linux script(1) gives the console a terminal, so it greets and prompts as it does for a person. */
const hasScript = spawnSync('script', ['--version']).status === 0;

const ROWS: Row[] = [
  { name: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { name: 'sip-triage --version', program: cli, args: ['--version'], targetMs: 120 },
  { name: 'sip-triage --help', program: cli, args: ['--help'], targetMs: 120 },
  { name: 'sip-triage explain 403', program: cli, args: ['explain', '403'], targetMs: 150 },
  {
    // With stdin a pipe the console prints no prompt; its first answer is the sign it is up.
    name: 'console, first answer (stdin a pipe)',
    program: cli,
    args: ['console'],
    targetMs: 200,
    stdin: '/sip 403\n',
    until: '403 Forbidden',
  },
  ...(hasScript
    ? [
        {
          // script(1) and its shell add a few milliseconds of their own.
          name: 'console, prompt (in a pty, script)',
          program: 'script',
          args: ['-qfec', `"${cli}" console`, '/dev/null'],
          targetMs: 200,
          until: 'sip> ',
          after: '/quit\n',
        },
      ]
    : []),
  { name: 'sip-triage diagnose raw.txt', program: cli, args: ['diagnose', paste] },
];

/** Milliseconds from spawn to exit (or until stdout shows `row.until`), for one process. */
function spawnOnce(row: Row, cwd: string, env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  const child = spawn(row.program ?? node, row.args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let seen: number | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (row.until === undefined || seen !== undefined || !stdout.includes(row.until)) return;
    seen = performance.now() - start;
    child.stdin.end(row.after ?? '');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  if (row.until === undefined) child.stdin.end(row.stdin ?? '');
  else if (row.stdin !== undefined) child.stdin.write(row.stdin);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const elapsed = performance.now() - start;
      // Every row exits 0 (diagnose: it found SIP); anything else measured a failure.
      if (code !== 0 || (row.until !== undefined && seen === undefined))
        reject(new Error(`${row.name} exited with ${code}: ${stderr.slice(0, 400)}`));
      else resolve(seen ?? elapsed);
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Runs the cold-start rows; `--cold-rounds=N` sets the spawns per row (default 9, at least 7). */
export async function runColdStartBenchmarks(args: readonly string[]): Promise<void> {
  if (!args.includes('--no-build') || !existsSync(cli))
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  const rounds = Math.max(
    7,
    Number(args.find((a) => a.startsWith('--cold-rounds='))?.split('=')[1] ?? 9),
  );
  // A scratch folder as the working directory, so no .env changes what is measured.
  const cwd = mkdtempSync(join(tmpdir(), 'sip-triage-cold-'));
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(SLACK|DISCORD|SIP|KNOWLEDGE)_/.test(key) && key !== 'NODE_OPTIONS',
    ),
  );
  env.NO_COLOR = '1';
  env.PATH = commandPath();
  const samples = new Map<Row, number[]>(ROWS.map((row) => [row, []]));
  try {
    // One unrecorded round first: the files are in the page cache for every row alike.
    for (const row of ROWS) await spawnOnce(row, cwd, env);
    for (let round = 0; round < rounds; round++) {
      for (const row of ROWS) samples.get(row)?.push(await spawnOnce(row, cwd, env));
    }
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  const baseline = median(samples.get(ROWS[0] as Row) ?? []);
  const lines = [
    `\ncold start, whole process (sip-triage: dist/cli.cjs run as the command; median of ${rounds} spawns per row, rows round-robin)`,
    `${'command'.padEnd(38)} ${'median'.padStart(9)} ${'min'.padStart(9)} ${'max'.padStart(9)} ${'-node'.padStart(9)}   target`,
  ];
  const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(9);
  for (const [row, values] of samples) {
    const m = median(values);
    const verdict =
      row.targetMs === undefined
        ? ''
        : `< ${row.targetMs} ms ${m < row.targetMs ? 'met' : 'MISSED'}`;
    lines.push(
      `${row.name.padEnd(38)} ${ms(m)} ${ms(Math.min(...values))} ${ms(Math.max(...values))} ${ms(m - baseline)}   ${verdict}`,
    );
  }
  lines.push(
    "-node: the median less node -e 0's, what the command itself costs on this machine now.",
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

// `npx tsx bench/cold-start.ts [--no-build]` runs it alone too, without loading the other benchmarks.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href)
  await runColdStartBenchmarks(process.argv.slice(2));
