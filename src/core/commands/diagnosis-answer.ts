/**
 * The diagnosis of one input as the diagnose command answers it: the card
 * with its checklist seed as state and its pictures on their way, or the
 * full JSON. Loaded by diagnose.ts only when there is something to diagnose.
 */
import { PICTURE_FILES } from '../app/policy.js';
import type { LaterFiles, OutgoingMessage, PendingFiles } from '../app/reply.js';
import type { Card } from '../card.js';
import { newChecklist } from '../checklist/checklist.js';
import { encodeChecklist } from '../checklist/checklist-codec.js';
import { diagnose as diagnoseInput } from '../diagnose/diagnose.js';
import type { Diagnosis } from '../diagnose/types.js';
import type { ParseInputResult } from '../ingest/parse-input.js';
import { literal } from '../inline.js';
import { diagnosisCard, diagnosisJson } from '../render/diagnosis-card.js';
import { forgetLastMatch } from '../sip/last-match.js';
import type { CommandContext } from './command.js';

/** The diagnosis of `input` with the policy's redaction and the message texts the report shows. */
function run(input: ParseInputResult, ctx: CommandContext) {
  return diagnoseInput(input, ctx.kb, {
    numbers: ctx.policy.hideNumbers,
    addresses: ctx.policy.hideAddresses,
    // The HTML report shows each message of the ladder when its arrow is clicked.
    messageTexts: ctx.policy.pictures.includes('html'),
  });
}

/** The whole diagnosis of `input` as indented JSON (the "Full JSON" action's file). */
export function diagnosisJsonText(input: ParseInputResult, ctx: CommandContext): string {
  return `${JSON.stringify(diagnosisJson(run(input, ctx)), null, 2)}\n`;
}

/**
 * The pictures the policy asks for, on their way: drawing starts on the
 * next turn of the event loop, so whatever sends the card (a postMessage to
 * the main thread, an HTTP request) gets going before the drawing, which is
 * CPU work on this same thread, holds the thread, and a face that will not
 * send them can cancel them first. The renderers load only when a picture
 * is asked for. Undefined when there is nothing to draw.
 */
function picturesOf(
  diagnosis: Diagnosis,
  ctx: CommandContext,
  file: string | undefined,
): PendingFiles | undefined {
  const pictures = ctx.policy.pictures;
  if (pictures.length === 0 || diagnosis.ladder.arrows.length === 0) return undefined;
  let cancelled = false;
  const draw = async (): Promise<LaterFiles> => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (cancelled) return { files: [], failures: [] };
    const drawPictures =
      ctx.drawPictures ?? (await import('./diagnosis-pictures.js')).diagnosisPictures;
    try {
      return await drawPictures(diagnosis, pictures, file);
    } finally {
      // As handle() does for the card: no line of this trace stays in RegExp's last match.
      forgetLastMatch();
    }
  };
  return {
    names: pictures.map((p) => PICTURE_FILES[p]),
    // Never rejects (see PendingFiles): whatever went wrong is the reason there is no picture.
    ready: draw().catch((error: unknown) => ({
      files: [],
      failures: [error instanceof Error ? error.message : String(error)],
    })),
    cancel: () => {
      cancelled = true;
    },
  };
}

/**
 * The diagnosis card of one input, with a "Full JSON" action and the
 * checklist seed as state, handed out at once; the pictures the policy asks
 * for follow as pending files (`later`).
 */
export function diagnosisMessage(
  input: ParseInputResult,
  label: string | undefined,
  ctx: CommandContext,
  placement: 'thread' | 'reply',
  file: string | undefined,
): OutgoingMessage {
  const diagnosis = run(input, ctx);
  const card: Card = diagnosisCard(diagnosis);
  const later = picturesOf(diagnosis, ctx, file);
  const seed = newChecklist(
    { ref: 'diagnosis', title: diagnosis.verdict.headline },
    card.checklist.map(({ id, text }) => ({ id, text })),
  );
  if (label !== undefined) card.summary = `${literal(label)}: ${card.summary}`;
  return {
    card,
    placement: { kind: placement },
    visibility: 'public',
    files: [],
    ...(later !== undefined ? { later } : {}),
    ...(card.checklist.length > 0 ? { state: encodeChecklist(seed) } : {}),
  };
}
