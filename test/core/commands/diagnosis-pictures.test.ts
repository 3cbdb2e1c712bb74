/** The files a diagnosis comes with: what the policy asks for, and a reason instead of a picture that cannot be drawn. */
import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { diagnosisPictures } from '../../../src/core/commands/diagnosis-pictures.js';
import { diagnose } from '../../../src/core/diagnose/diagnose.js';
import type { Diagnosis, LadderArrow } from '../../../src/core/diagnose/types.js';
import { parseText } from '../../../src/core/ingest/parse-text.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const kb = realKnowledge();

function diagnosisOf(file: string): Diagnosis {
  return diagnose(parseText(readFileSync(file, 'utf8')), kb, { messageTexts: true });
}

describe('diagnosisPictures', () => {
  it('draws the PNG, the SVG and the report the policy asks for, in that order', async () => {
    const d = diagnosisOf('test/fixtures/pictures/b2bua-two-legs.txt');
    const { files, failures } = await diagnosisPictures(d, ['png', 'svg', 'html'], 'call.log');
    expect(failures).toEqual([]);
    expect(files.map((f) => [f.name, f.contentType, f.title])).toEqual([
      ['call-flow.png', 'image/png', 'Call flow'],
      ['call-flow.svg', 'image/svg+xml', 'Call flow'],
      ['sip-triage-report.html', 'text/html', 'Open report'],
    ]);
    const png = PNG.sync.read(Buffer.from(files[0]?.content as Uint8Array));
    expect(png.width).toBeGreaterThanOrEqual(560);
    expect(String(files[1]?.content)).toContain('data-leg="1"');
    expect(String(files[2]?.content)).toContain('call.log');
  });

  it('draws nothing when there is no ladder, or when nothing is asked for', async () => {
    const none = diagnose(parseText('hello, no SIP here'), kb);
    expect(await diagnosisPictures(none, ['png', 'html'])).toEqual({ files: [], failures: [] });
    const d = diagnosisOf('test/fixtures/pictures/failed-call.txt');
    expect(await diagnosisPictures(d, [])).toEqual({ files: [], failures: [] });
  });

  it('says why the PNG is missing when it cannot be drawn, and keeps the rest', async () => {
    const d = diagnosisOf('test/fixtures/pictures/failed-call.txt');
    // 3,000 elements side by side: 450,000 pixels wide, past the 40 million pixels the renderer draws.
    const columns = Array.from({ length: 3000 }, (_, k) => ({
      name: `198.51.100.${k % 250}:${5060 + k}`,
      title: `198.51.100.${k % 250}:${5060 + k}`,
    }));
    const wide: Diagnosis = {
      ...d,
      ladder: {
        ...d.ladder,
        columns,
        arrows: [{ ...(d.ladder.arrows[0] as LadderArrow), to: 2999 }],
      },
    };
    const { files, failures } = await diagnosisPictures(wide, ['png', 'html']);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(
      /The picture would be \d+x\d+ pixels, more than the 40 million allowed\./,
    );
    expect(files.map((f) => f.name)).toEqual(['sip-triage-report.html']);
  });
});
