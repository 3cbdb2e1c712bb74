/**
 * The files a diagnosis comes with, as the policy asks: the ladder of the
 * deciding call as a PNG (what chat shows inline) or an SVG, and the HTML
 * report (the whole diagnosis, every ladder message a click away). A
 * picture that cannot be drawn is left out with a reason told with the
 * card; the diagnosis itself is never lost to it.
 */
import { PICTURE_FILES, type Picture } from '../app/policy.js';
import type { OutgoingFile } from '../app/reply.js';
import type { Diagnosis } from '../diagnose/types.js';
import { renderHtmlReport } from '../render/html-report.js';
import { renderLadderPng } from '../render/ladder-png.js';
import { renderLadderSvg } from '../render/ladder-svg.js';

export interface DiagnosisPictures {
  files: OutgoingFile[];
  /** Why a picture asked for is missing (told beside the card), when one is. */
  failures: string[];
}

/** What draws a diagnosis's pictures: diagnosisPictures, or a stand-in a test controls (AppOptions.drawPictures). */
export type DrawPictures = (
  d: Diagnosis,
  pictures: readonly Picture[],
  source?: string,
) => Promise<DiagnosisPictures>;

/** The files of `pictures` for diagnosis `d`; `source` names the input in the report. */
export async function diagnosisPictures(
  d: Diagnosis,
  pictures: readonly Picture[],
  source?: string,
): Promise<DiagnosisPictures> {
  const files: OutgoingFile[] = [];
  const failures: string[] = [];
  if (pictures.length === 0 || d.ladder.arrows.length === 0) return { files, failures };
  const title = d.verdict.headline;
  for (const picture of pictures) {
    switch (picture) {
      case 'svg':
        files.push({
          name: PICTURE_FILES.svg,
          contentType: 'image/svg+xml',
          content: renderLadderSvg(d.ladder, { title }),
          title: 'Call flow',
        });
        break;
      case 'png':
        try {
          const png = await renderLadderPng(d.ladder, { title });
          files.push({
            name: PICTURE_FILES.png,
            contentType: 'image/png',
            content: png,
            title: 'Call flow',
          });
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error));
        }
        break;
      case 'html':
        files.push({
          name: PICTURE_FILES.html,
          contentType: 'text/html',
          content: renderHtmlReport(d, source === undefined ? {} : { source }),
          title: 'Open report',
        });
        break;
    }
  }
  return { files, failures };
}
