/**
 * No Docker engine runs here, so this test replays the Dockerfile outside a
 * container: each stage gets a scratch directory standing in for its
 * WORKDIR, COPY copies from the repository (or from an earlier stage), RUN
 * runs in that directory, and the final CMD and HEALTHCHECK are started from
 * the assembled runtime directory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

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
    expect(runtime.some((i) => i.op === 'HEALTHCHECK')).toBe(true);
    expect(runtime.some((i) => i.op === 'COPY' && i.args.startsWith('knowledge'))).toBe(true);
    expect(
      runtime.some((i) => i.op === 'RUN' && /npm (ci|install)(?!.*--omit=dev)/.test(i.args)),
    ).toBe(false);
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

  describe('replayed from a clean copy', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'sip-triage-docker-'));
    const stages = new Map<string, string>();
    let runtimeDir = '';
    let cmd: string[] = [];
    let healthcheck: string[] = [];
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
        } else if (op === 'CMD') {
          cmd = jsonOrShell(args);
        } else if (op === 'HEALTHCHECK') {
          healthcheck = jsonOrShell(args.replace(/^.*?\bCMD\s+/, ''));
        }
      }
      runtimeDir = join(dir, posix.relative('/', workdir));
    }, 300_000);

    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it('ships dist, knowledge and production dependencies only', () => {
      expect(existsSync(join(runtimeDir, 'dist/main.js'))).toBe(true);
      expect(existsSync(join(runtimeDir, 'knowledge/codes/503.md'))).toBe(true);
      expect(existsSync(join(runtimeDir, 'node_modules/@slack/bolt'))).toBe(true);
      expect(existsSync(join(runtimeDir, 'node_modules/vitest'))).toBe(false);
      expect(existsSync(join(runtimeDir, 'src'))).toBe(false);
    });

    it('starts with CMD and answers the console', () => {
      const [program = '', ...args] = cmd;
      const result = spawnSync(program === 'node' ? process.execPath : program, args, {
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

    it('passes its HEALTHCHECK', () => {
      const [program = '', ...args] = healthcheck;
      const result = spawnSync(program === 'node' ? process.execPath : program, args, {
        cwd: runtimeDir,
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(result.status).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ code: 200 });
    });
  });
});
