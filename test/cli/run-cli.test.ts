import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/run-cli.js';
import { runCaptured } from '../helpers/run-cli.js';

const run = (...args: string[]) => runCaptured(args);

describe('sip-triage CLI', () => {
  it('explains a code as text, exit 0', async () => {
    const { code, out } = await run('explain', '403');
    expect(code).toBe(EXIT.found);
    expect(out).toMatch(/^403 Forbidden\n/);
    expect(out).toContain('FIX CHECKLIST');
  });

  it('prints the JSON contract with --json', async () => {
    const { code, out } = await run('explain', '423', '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(json).toMatchObject({
      kind: 'response-code',
      code: 423,
      phrase: 'Interval Too Brief',
      class: '4xx',
    });
    expect(json.headers).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Min-Expires' })]),
    );
  });

  it('joins several words into one query', async () => {
    const { out } = await run('explain', 'too', 'many', 'hops', '--format', 'json');
    expect(JSON.parse(out)).toMatchObject({ code: 483 });
  });

  it.each(['markdown', 'slack', 'discord'])('renders --format %s', async (format) => {
    const { code, out } = await run('explain', '503', '--format', format);
    expect(code).toBe(0);
    if (format !== 'markdown') expect(Array.isArray(JSON.parse(out))).toBe(true);
    else expect(out).toMatch(/^## 503 Service Unavailable/);
  });

  it('exits 1 when nothing matches', async () => {
    const { code, out } = await run('explain', 'qwzxv');
    expect(code).toBe(EXIT.notFound);
    expect(out).toContain('Nothing matched');
  });

  it.each([
    [['explain'], /needs a query/],
    [['explain', '403', '--format', 'pdf'], /--format takes/],
    [['explain', '403', '--json', '--format', 'text'], /disagree/],
    [['explain', '403', '--bogus'], /bogus/],
    [['list', '--class', '9xx'], /--class takes/],
    [['frobnicate'], /unknown command/],
    [[], /Usage/],
  ])('exits 2 with a usage message for %j', async (args, message) => {
    const { code, err } = await run(...args);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(message);
  });

  it('lists codes, optionally by class, as text or JSON', async () => {
    const all = await run('list');
    expect(all.out.trim().split('\n')).toHaveLength(75);
    const cls = await run('list', '--class', '6xx', '--json');
    const json = JSON.parse(cls.out) as { codes: { code: number }[] };
    expect(json.codes.map((c) => c.code)).toEqual([600, 603, 604, 606, 607, 608]);
  });

  it('prints help and version', async () => {
    expect((await run('--help')).out).toContain('sip-triage explain <query>');
    expect((await run('--version')).out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
