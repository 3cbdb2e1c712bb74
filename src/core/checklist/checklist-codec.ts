/**
 * A checklist as one string that travels inside the platform message that
 * shows it (Slack message metadata, a Discord embed, the in-memory chat's
 * message), so a single bot process needs no database and a restart loses
 * nothing: the next click brings the state back with it.
 *
 * The string is versioned ("stc1.") base64url JSON. Decoding checks every
 * field, since whatever comes back from a platform is input like any other.
 */
import type { Checklist, ChecklistEntry, TickEvent } from './checklist.js';

const PREFIX = 'stc1.';
/** Longer states are refused on decoding (a checklist of 12 items with a few hundred ticks fits easily). */
export const MAX_STATE_LENGTH = 64 * 1024;

type Wire = {
  s: [ref: string, title: string];
  i: [id: string, text: string][];
  e: [item: string, user: string, name: string, at: number, done: 0 | 1][];
};

export function encodeChecklist(checklist: Checklist): string {
  const wire: Wire = {
    s: [checklist.source.ref, checklist.source.title],
    i: checklist.items.map((i) => [i.id, i.text]),
    e: checklist.events.map((e) => [e.item, e.user, e.name, e.at, e.done ? 1 : 0]),
  };
  return PREFIX + Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
}

/** The checklist in `state`, or undefined when it is not a checklist state this version wrote. */
export function decodeChecklist(state: string | undefined): Checklist | undefined {
  if (state === undefined || !state.startsWith(PREFIX) || state.length > MAX_STATE_LENGTH)
    return undefined;
  let wire: unknown;
  try {
    wire = JSON.parse(Buffer.from(state.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(wire)) return undefined;
  const { s, i, e } = wire;
  if (!isTuple(s, ['string', 'string']) || !Array.isArray(i) || !Array.isArray(e)) return undefined;
  const items: ChecklistEntry[] = [];
  for (const item of i) {
    if (!isTuple(item, ['string', 'string'])) return undefined;
    items.push({ id: item[0] as string, text: item[1] as string });
  }
  const events: TickEvent[] = [];
  for (const event of e) {
    if (!isTuple(event, ['string', 'string', 'string', 'number', 'number'])) return undefined;
    const [item, user, name, at, done] = event as [string, string, string, number, number];
    if (!Number.isFinite(at) || (done !== 0 && done !== 1)) return undefined;
    events.push({ item, user, name, at, done: done === 1 });
  }
  return { source: { ref: s[0] as string, title: s[1] as string }, items, events };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTuple(value: unknown, types: readonly string[]): value is unknown[] {
  return (
    Array.isArray(value) &&
    value.length === types.length &&
    value.every((v, k) => typeof v === types[k])
  );
}
