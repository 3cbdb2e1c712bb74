/**
 * RFC 3261 timers read from retransmissions, when the trace has times. Over
 * UDP a client retransmits an INVITE at T1, 2*T1, 4*T1... (Timer A, doubling
 * without a cap) and other requests at T1, 2*T1... capped at T2 = 4 s
 * (Timer E); a UAS retransmits its 2xx to INVITE the same way, capped at T2
 * (Timer G-like, §13.3.1.4). Both give up at 64*T1 = 32 s (Timers B, F, H).
 * The description says which pattern the gaps follow, so an engineer can
 * tell a stack's own timers from loss on the path.
 */

export const T1_MS = 500;
export const T2_MS = 4000;
export const TIMEOUT_MS = 64 * T1_MS;

export interface Retransmissions {
  /** Gaps between consecutive copies, in milliseconds. */
  gaps: number[];
  /** Time from the first copy to the last. */
  spanMs: number;
  /** "Timer A" / "Timer E" when the gaps double from T1 as that timer does (within 20%). */
  timer: 'Timer A' | 'Timer E' | undefined;
  /** The span reached 64*T1: the sender's transaction timed out. */
  timedOut: boolean;
}

/** What the retransmission times of one request (or one 2xx) say; undefined without times. */
export function readRetransmissions(
  epochMicros: readonly (number | undefined)[],
  capAtT2: boolean,
): Retransmissions | undefined {
  if (epochMicros.length < 2 || epochMicros.some((t) => t === undefined)) return undefined;
  const times = epochMicros as number[];
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++)
    gaps.push(((times[i] as number) - (times[i - 1] as number)) / 1000);
  const spanMs = ((times[times.length - 1] as number) - (times[0] as number)) / 1000;
  let expected = T1_MS;
  let follows = true;
  for (const gap of gaps) {
    if (Math.abs(gap - expected) > expected * 0.2) {
      follows = false;
      break;
    }
    expected = capAtT2 ? Math.min(expected * 2, T2_MS) : expected * 2;
  }
  return {
    gaps,
    spanMs,
    timer: follows ? (capAtT2 ? 'Timer E' : 'Timer A') : undefined,
    timedOut: spanMs >= TIMEOUT_MS * 0.9,
  };
}

/** "at +0.5, +1.0, +2.0 s (Timer A: doubling from T1 = 500 ms)". */
export function describeRetransmissions(r: Retransmissions): string {
  let at = 0;
  const marks = r.gaps.slice(0, 8).map((g) => {
    at += g;
    return `+${(at / 1000).toFixed(1)}`;
  });
  const more = r.gaps.length > 8 ? ', ...' : '';
  const pattern = r.timer
    ? ` (${r.timer}: doubling from T1 = ${T1_MS} ms${r.timer === 'Timer E' ? `, capped at T2 = ${T2_MS / 1000} s` : ''})`
    : ' (not the RFC 3261 doubling from T1: the sender uses other timers, or copies were lost before the capture point)';
  return `at ${marks.join(', ')}${more} s${pattern}`;
}
