/**
 * Holds V8's young generation at two 8 MB semi-spaces while a one-shot
 * command (diagnose, parse) reads an input of up to 64 MiB, instead of the
 * 16 MB each that V8 grows them to.
 *
 * Why: V8 doubles the semi-spaces each time more bytes survived its
 * collections than they hold, expecting what survives to die soon. What a
 * diagnosis keeps (the message table, the calls) survives for good, so the
 * semi-spaces double to their maximum and stay there, 32 MB that are touched
 * and counted in the peak RSS while holding nothing the diagnosis needs.
 * Capped, the 34 MB capture of the bench is diagnosed in about 60 ms less
 * with 8 MB less peak RSS, and the 67 MB one in 20% less (issue 13). Past the
 * default input limit the cap costs: each collection also scans the old
 * generation's pointers into the young one, which grows with what is kept,
 * and fewer, larger collections then win (a 134 MB capture took 13% longer
 * capped); V8's own growth is left alone there.
 *
 * How: the largest size can only be given when Node starts
 * (`--max-semi-space-size`), and a V8 option on the command line makes Node
 * compile its own modules again, about 10 ms on every command. The growth
 * factor, though, is read each time the young generation grows, so it is set
 * here: one growth to 8 MB, then a factor of 1 once that growth is seen,
 * checked whenever the event loop turns (a capture is read a chunk per turn).
 * Should a later V8 ignore the factor or hold it at 2, V8's own growth
 * applies, as without this module: the cap is an optimisation, never a
 * condition. Node documents options set after start as unpredictable; this
 * one only steers a size.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { DEFAULT_LIMITS } from '../core/sip/types.js';

/** The size each semi-space is held at. */
export const SEMI_SPACE_BYTES = 8 * 1024 * 1024;

/** Inputs up to this size get the cap: the default input limit (SIP_MAX_INPUT_BYTES), 64 MiB. */
export const CAPPED_UP_TO_BYTES = DEFAULT_LIMITS.maxInputBytes;

/** How often the young generation's size is looked at, at most (when the event loop turns). */
const CHECK_MS = 1;

/** Both semi-spaces in bytes, as V8 reports the young generation's "new_space". */
function newSpaceBytes(): number | undefined {
  for (const space of getHeapSpaceStatistics())
    if (space.space_name === 'new_space') return space.space_size;
  return undefined;
}

function setGrowthFactor(factor: number): void {
  setFlagsFromString(`--semi-space-growth-factor=${factor}`);
}

/**
 * Caps the young generation for an input of `inputBytes` (undefined when
 * unknown, as for a pipe: then `limitBytes`, the most that will be read,
 * decides; the default limit when that is not given). Returns whether the
 * cap was applied.
 */
export function capYoungGeneration(
  inputBytes: number | undefined,
  limitBytes = DEFAULT_LIMITS.maxInputBytes,
): boolean {
  if ((inputBytes ?? limitBytes) > CAPPED_UP_TO_BYTES) return false;
  const now = newSpaceBytes();
  if (now === undefined) return false;
  const semiSpace = now / 2;
  if (semiSpace >= SEMI_SPACE_BYTES) {
    setGrowthFactor(1);
    return true;
  }
  // One growth from here reaches the cap (from 1 MB, the usual start, by 8).
  setGrowthFactor(Math.max(2, Math.floor(SEMI_SPACE_BYTES / semiSpace)));
  const check = setInterval(() => {
    if ((newSpaceBytes() ?? 0) / 2 < SEMI_SPACE_BYTES) return;
    setGrowthFactor(1);
    clearInterval(check);
  }, CHECK_MS);
  // The check never keeps the process alive.
  check.unref();
  return true;
}
