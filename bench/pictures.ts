/**
 * Pictures: the ladder of a 210-message call (test/fixtures/pictures/long-trace.txt)
 * as SVG, as PNG, and the HTML report, warm in this process; then whole
 * `sip-triage diagnose` processes, cold, drawing the PNG against printing the
 * text card, interleaved. Target: the PNG of a 200-message ladder in < 100 ms
 * warm. The PNG drawn from <text> (resvg's own text layout) is the peer that
 * shows why the text is drawn as outlines.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnose } from '../src/core/diagnose/diagnose.js';
import { parseText } from '../src/core/ingest/parse-text.js';
import type { KnowledgeBase } from '../src/core/knowledge/knowledge-base.js';
import { renderHtmlReport } from '../src/core/render/html-report.js';
import { renderLadderPng } from '../src/core/render/ladder-png.js';
import { renderLadderSvg } from '../src/core/render/ladder-svg.js';
import { renderPng } from '../src/core/render/png.js';
import { CLI_COMMAND, commandPath } from './cli-command.js';
import { type Measurement, measure, measureAsync, printTable } from './measure.js';

const FIXTURE = 'test/fixtures/pictures/long-trace.txt';
const TARGET_MS = 100;

export async function runPictureBenchmarks(kb: KnowledgeBase): Promise<void> {
  const input = parseText(readFileSync(FIXTURE, 'utf8'));
  const d = diagnose(input, kb, { messageTexts: true });
  const title = d.verdict.headline;
  const n = d.messageCount;
  const first = process.hrtime.bigint();
  await renderLadderPng(d.ladder, { title });
  const firstMs = Number(process.hrtime.bigint() - first) / 1e6;
  const svg = measure(`warm, in process: ladder SVG (${n} messages)`, () =>
    renderLadderSvg(d.ladder, { title }),
  );
  const png = await measureAsync(`warm, in process: ladder PNG (${n} messages)`, () =>
    renderLadderPng(d.ladder, { title }),
  );
  const textPng = await measureAsync('warm, in process: same PNG from <text> (peer)', () =>
    renderPng(renderLadderSvg(d.ladder, { title })),
  );
  const html = measure(`warm, in process: HTML report (${n} messages)`, () => renderHtmlReport(d));
  printTable(
    `pictures (ratio against the SVG); first PNG of the process, cold: ${firstMs.toFixed(0)} ms`,
    [svg, png, textPng, html],
    svg,
  );
  const pngMs = png.medianNs / 1e6;
  process.stdout.write(
    `target: ladder PNG of a 200-message call < ${TARGET_MS} ms warm: ${pngMs.toFixed(1)} ms, ${pngMs < TARGET_MS ? 'met' : 'MISSED'}\n`,
  );
  coldProcesses();
}

/**
 * Whole processes of the built command (see cli-command.ts), PNG and text
 * alternating, medians of 5 each.
 */
function coldProcesses(): void {
  const dir = mkdtempSync(join(tmpdir(), 'sip-triage-bench-'));
  try {
    const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
    const runs: Record<'png' | 'text', number[]> = { png: [], text: [] };
    for (let k = 0; k < 5; k++) {
      for (const format of ['png', 'text'] as const) {
        const start = process.hrtime.bigint();
        const r = spawnSync(
          CLI_COMMAND,
          ['diagnose', FIXTURE, '--format', format, '-o', join(dir, `out.${format}`)],
          { encoding: 'utf8', env: { ...process.env, PATH: commandPath() } },
        );
        if (r.status !== 0) throw new Error(`diagnose --format ${format} failed: ${r.stderr}`);
        runs[format].push(Number(process.hrtime.bigint() - start));
      }
    }
    const row = (name: string, samples: number[]): Measurement => {
      const sorted = [...samples].sort((a, b) => a - b);
      return {
        name,
        medianNs: sorted[2] ?? 0,
        p90Ns: sorted[4] ?? 0,
        batches: samples.length,
      };
    };
    const text = row('cold, whole process: diagnose --format text', runs.text);
    printTable(
      'pictures, whole process (ratio against the text card)',
      [text, row('cold, whole process: diagnose --format png', runs.png)],
      text,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
