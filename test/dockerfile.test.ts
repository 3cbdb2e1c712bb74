/**
 * No Docker engine runs here, so this test replays the Dockerfile outside a
 * container: each stage gets a scratch directory standing in for its
 * WORKDIR, COPY copies from the repository (or from an earlier stage), RUN
 * runs in that directory, and the final ENTRYPOINT (with CMD's arguments, if
 * any) is started from the assembled runtime directory, as `docker run` would:
 * with no arguments (a detached container), with a CLI command, and with Slack
 * configured against a fake Slack.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/bot-process.js';
import { BOT_TOKEN, FakeSlack } from './support/slack/fake-slack.js';

const root = fileURLToPath(new URL('../', import.meta.url));

interface Instruction {
  op: string;
  args: string;
}

function parseDockerfile(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

const instructions = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));

function jsonOrShell(args: string): string[] {
  return args.trim().startsWith('[') ? (JSON.parse(args) as string[]) : ['sh', '-c', args];
}

describe('Dockerfile', () => {
  it('is multi-stage on an LTS Node image and runs as a non-root user', () => {
    const froms = instructions.filter((i) => i.op === 'FROM').map((i) => i.args);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) {
      const major = Number(/^node:(\d+)/.exec(from)?.[1]);
      expect(major % 2, from).toBe(0); // even majors are the LTS lines
      expect(major).toBeGreaterThanOrEqual(22);
    }
    const lastFrom = instructions.map((i) => i.op).lastIndexOf('FROM');
    const runtime = instructions.slice(lastFrom);
    expect(runtime.find((i) => i.op === 'USER')?.args).toMatch(/^(node|[1-9]\d*)$/);
    expect(runtime.some((i) => i.op === 'COPY' && i.args.startsWith('knowledge'))).toBe(true);
    expect(
      runtime.some((i) => i.op === 'RUN' && /npm (ci|install)(?!.*--omit=dev)/.test(i.args)),
    ).toBe(false);
  });

  it('has no HEALTHCHECK that starts a new process to check files, and says why it has none', () => {
    // Only the HTTP modes have an endpoint to probe (GET /healthz); Socket Mode
    // and the Discord gateway have none, so a check for every mode would be fake.
    expect(instructions.some((i) => i.op === 'HEALTHCHECK')).toBe(false);
    const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(text).toMatch(/# No HEALTHCHECK/);
    expect(text).toMatch(/\/healthz/);
  });

  it('takes CLI commands as arguments: an ENTRYPOINT, not a CMD that a command would replace', () => {
    const lastFrom = instructions.map((i) => i.op).lastIndexOf('FROM');
    const runtime = instructions.slice(lastFrom);
    expect(runtime.some((i) => i.op === 'ENTRYPOINT')).toBe(true);
    expect(runtime.some((i) => i.op === 'CMD')).toBe(false);
  });

  it('copies only sources that exist in the repository', () => {
    for (const copy of instructions.filter(
      (i) => i.op === 'COPY' && !i.args.startsWith('--from'),
    )) {
      const parts = copy.args.split(/\s+/);
      for (const source of parts.slice(0, -1))
        expect(existsSync(join(root, source)), source).toBe(true);
    }
  });

  it('builds with knowledge/ in place: npm run build compiles it into dist/knowledge.snapshot.json', () => {
    const firstFrom = instructions.findIndex((i) => i.op === 'FROM');
    const build = instructions.slice(
      firstFrom,
      instructions.findIndex((i, n) => n > firstFrom && i.op === 'FROM'),
    );
    const copiedKnowledge = build.findIndex((i) => i.op === 'COPY' && /^knowledge\b/.test(i.args));
    const built = build.findIndex((i) => i.op === 'RUN' && /npm run build/.test(i.args));
    expect(copiedKnowledge).toBeGreaterThanOrEqual(0);
    expect(built).toBeGreaterThan(copiedKnowledge);
  });

  describe('replayed from a clean copy', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'sip-triage-docker-'));
    const stages = new Map<string, string>();
    let runtimeDir = '';
    let entrypoint: string[] = [];
    let cmd: string[] = [];
    let env: Record<string, string> = {};

    beforeAll(() => {
      let dir = '';
      let workdir = '/';
      let index = 0;
      for (const { op, args } of instructions) {
        if (op === 'FROM') {
          const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? `stage${index}`;
          dir = join(scratch, `${index++}-${name}`);
          stages.set(name, dir);
          env = {};
          workdir = '/';
        } else if (op === 'WORKDIR') {
          workdir = args;
        } else if (op === 'ENV') {
          const [key, ...value] = args.split('=');
          env[key ?? ''] = value.join('=');
        } else if (op === 'COPY') {
          const fromMatch = /^--from=(\S+)\s+/.exec(args);
          const parts = args.replace(/^--from=\S+\s+/, '').split(/\s+/);
          const target = parts.pop() ?? '.';
          for (const source of parts) {
            const from = fromMatch
              ? join(
                  stages.get(fromMatch[1] ?? '') ?? '',
                  posix.relative('/', posix.resolve('/', source)),
                )
              : join(root, source);
            const to = join(
              dir,
              posix.relative('/', posix.resolve(workdir, target)),
              target.endsWith('/') ? posix.basename(source) : '',
            );
            cpSync(from, to, { recursive: true });
          }
        } else if (op === 'RUN') {
          const cwd = join(dir, posix.relative('/', workdir));
          mkdirSync(cwd, { recursive: true });
          execFileSync('sh', ['-c', args], {
            cwd,
            stdio: 'pipe',
            env: { ...process.env, ...env },
            timeout: 240_000,
          });
        } else if (op === 'ENTRYPOINT') {
          entrypoint = jsonOrShell(args);
        } else if (op === 'CMD') {
          cmd = jsonOrShell(args);
        }
      }
      runtimeDir = join(dir, posix.relative('/', workdir));
    }, 300_000);

    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it('ships dist, knowledge and production dependencies only', () => {
      expect(existsSync(join(runtimeDir, 'dist/main.js'))).toBe(true);
      expect(existsSync(join(runtimeDir, 'dist/knowledge.snapshot.json'))).toBe(true);
      expect(existsSync(join(runtimeDir, 'knowledge/codes/503.md'))).toBe(true);
      expect(existsSync(join(runtimeDir, 'node_modules/@slack/bolt'))).toBe(true);
      expect(existsSync(join(runtimeDir, 'node_modules/vitest'))).toBe(false);
      expect(existsSync(join(runtimeDir, 'src'))).toBe(false);
    });

    /** `docker run IMAGE args...`: the ENTRYPOINT with the arguments (CMD's when none are given). */
    function dockerRun(
      args: string[],
      options: { input?: string | Buffer; env?: Record<string, string> } = {},
    ) {
      const [program = '', ...rest] = [...entrypoint, ...(args.length > 0 ? args : cmd)];
      return spawnSync(program === 'node' ? process.execPath : program, rest, {
        cwd: runtimeDir,
        input: options.input ?? '',
        env: { PATH: process.env.PATH ?? '', ...env, ...options.env },
        timeout: 30_000,
      });
    }

    it('run detached with no chat platform configured, says what to configure and exits non-zero', () => {
      // `docker run -d IMAGE`: no arguments, stdin is empty.
      const result = dockerRun([]);
      expect(result.error).toBeUndefined();
      expect(result.status).toBe(2);
      expect(result.stdout.toString()).toBe('');
      const err = result.stderr.toString();
      expect(err).toMatch(/no chat platform is configured/);
      for (const name of ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'])
        expect(err).toContain(name);
      expect(err).toContain('DISCORD_TOKEN');
      expect(err).toContain('diagnose - < trace.pcap');
    });

    it('diagnoses a capture on stdin: docker run --rm -i IMAGE diagnose - < trace.pcap', () => {
      const pcap = readFileSync(join(root, 'test/fixtures/real/out/kamailio-call-failures.pcap'));
      const result = dockerRun(['diagnose', '-'], { input: pcap });
      expect(result.stderr.toString()).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout.toString()).toMatch(/^INVITE sip:\S+ failed: 404 Not Found/);
    });

    it('answers the other CLI commands too: explain, and the console on stdin', () => {
      const explained = dockerRun(['explain', '503', '--json']);
      expect(explained.status).toBe(0);
      expect(JSON.parse(explained.stdout.toString())).toMatchObject({ code: 503 });
      const consoleRun = dockerRun(['console'], { input: '/sip 503\n' });
      expect(consoleRun.stderr.toString()).toBe('');
      expect(consoleRun.status).toBe(0);
      expect(consoleRun.stdout.toString()).toMatch(/^503 Service Unavailable/);
    });

    it('still opens the console with npm start outside the container (no chat configured)', () => {
      const start = (
        JSON.parse(readFileSync(join(runtimeDir, 'package.json'), 'utf8')) as {
          scripts: Record<string, string>;
        }
      ).scripts.start;
      expect(start).toBe('node dist/main.js');
      const result = spawnSync(process.execPath, ['dist/main.js'], {
        cwd: runtimeDir,
        input: '/sip 503\n',
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^503 Service Unavailable/);
    });

    it('with Slack configured, serves (GET /healthz on PORT) until stopped', async () => {
      const fake = new FakeSlack();
      await fake.start();
      const port = await freePort();
      const [program = '', ...rest] = entrypoint;
      const child = spawn(program === 'node' ? process.execPath : program, rest, {
        cwd: runtimeDir,
        env: {
          PATH: process.env.PATH ?? '',
          ...env,
          SLACK_BOT_TOKEN: BOT_TOKEN,
          SLACK_SIGNING_SECRET: 's',
          SLACK_API_URL: fake.apiUrl,
          PORT: String(port),
          SIP_WORKERS: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString();
      });
      const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
      try {
        let health: number | undefined;
        for (const until = Date.now() + 60_000; health !== 200 && Date.now() < until; ) {
          if (child.exitCode !== null) throw new Error(`the bot stopped: ${err}`);
          health = await fetch(`http://127.0.0.1:${port}/healthz`).then(
            (res) => res.status,
            () => undefined,
          );
          if (health !== 200) await new Promise((r) => setTimeout(r, 100));
        }
        expect(health).toBe(200);
        child.kill('SIGTERM');
        expect(await exit).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await fake.stop();
      }
    }, 90_000);

    it("exposes the core's public API through package.json exports", () => {
      const script =
        "import('sip-triage').then((m) => process.stdout.write(JSON.stringify(m.explain('403').data.code)))";
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: runtimeDir,
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe('403');
    });
  });
});
