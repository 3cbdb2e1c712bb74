/** `sip-triage diagnose --format svg|png|html [-o file]`: the ladder as a picture, the report as a page. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../helpers/run-cli.js';

const failedCall = 'test/fixtures/pictures/failed-call.txt';
const dir = mkdtempSync(join(tmpdir(), 'sip-triage-pictures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('sip-triage diagnose --format svg|png|html', () => {
  it('prints the ladder as SVG, one arrow per message drawn, with the verdict as its title', async () => {
    const r = await runCaptured(['diagnose', failedCall, '--format', 'svg']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(r.out).toMatch(/<\/svg>$/);
    expect(r.out).toContain('486 Busy Here');
    expect(r.out.match(/<g class="arrow /g)?.length).toBeGreaterThanOrEqual(10);
    expect(r.out.match(/<g class="arrow [^"]*decisive/g)).toHaveLength(1);
    // The terminal shows what it was given, secrets excepted.
    expect(r.out).not.toMatch(/response="[0-9a-f]{32}"/);
  });

  it('writes a PNG to the file -o names, and says so on stderr', async () => {
    const file = join(dir, 'flow.png');
    const r = await runCaptured(['diagnose', failedCall, '--format', 'png', '-o', file]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^sip-triage: wrote .*flow\.png \(\d+(\.\d)? KB\)\n$/);
    const png = PNG.sync.read(readFileSync(file));
    expect(png.width).toBeGreaterThanOrEqual(560);
    expect(png.width).toBeLessThanOrEqual(960);
    expect(png.height).toBeGreaterThan(300);
  });

  it('sends a PNG down a pipe, but not to a terminal', async () => {
    const piped = await runCaptured(['diagnose', failedCall, '--format', 'png']);
    expect(piped.code).toBe(0);
    const bytes = Buffer.concat(piped.bytes);
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(PNG.sync.read(bytes).width).toBeGreaterThan(0);

    const tty = await runCaptured(['diagnose', failedCall, '--format', 'png'], undefined, {
      isTTY: true,
    });
    expect(tty.code).toBe(2);
    expect(tty.bytes).toHaveLength(0);
    expect(tty.err).toMatch(/--format png writes a file: add -o call-flow\.png/);
  });

  it('writes the HTML report with the verdict, the findings and the JSON contract', async () => {
    const file = join(dir, 'report.html');
    const r = await runCaptured(['diagnose', failedCall, '--format', 'html', '-o', file]);
    expect(r.code).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('486 Busy Here');
    const json =
      /<script type="application\/json" id="sip-triage-diagnosis">([^<]*)<\/script>/.exec(html);
    expect(JSON.parse(json?.[1] ?? 'null').verdict.code).toBe(486);
    const tty = await runCaptured(['diagnose', failedCall, '--format', 'html'], undefined, {
      isTTY: true,
    });
    expect(tty.code).toBe(2);
    expect(tty.err).toMatch(/add -o report\.html/);
  });

  it('writes any format to -o, text without colour codes', async () => {
    const file = join(dir, 'card.txt');
    const r = await runCaptured(['diagnose', failedCall, '-o', file]);
    expect(r.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^INVITE sip:\+14155550142@sip\.example\.com failed: 486 Busy Here/);
    expect(text).not.toContain('\u001b[');
  });

  it('says why there is no picture when the input has no SIP', async () => {
    const r = await runCaptured([
      'diagnose',
      'package.json',
      '--format',
      'png',
      '-o',
      join(dir, 'x.png'),
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/No SIP messages/i);
  });

  it('refuses an output path it cannot write, and formats that disagree', async () => {
    const bad = await runCaptured([
      'diagnose',
      failedCall,
      '--format',
      'svg',
      '-o',
      join(dir, 'no-such-folder', 'x.svg'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(
      /cannot write .*x\.svg \(ENOENT\): pick a path in a folder you can write to/,
    );
    const both = await runCaptured(['diagnose', failedCall, '--json', '--format', 'png']);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/--json and --format disagree/);
    const unknown = await runCaptured(['diagnose', failedCall, '--format', 'gif']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/--format takes .*mermaid, png, svg, html, not "gif"/);
  });
});
