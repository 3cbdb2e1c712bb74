/**
 * A shared checklist: the items of one card (a code's fix checklist, a
 * diagnosis's merged checklist) that an on-call team ticks off together.
 *
 * Ticks are kept as events (who, which item, ticked or unticked, when)
 * rather than as a flag per item, so two versions of the same checklist
 * merge without losing anything: two people who click at the same moment
 * both start from the state the message showed them, and merging their two
 * results keeps both ticks. An item is done when its latest event is a tick.
 */

export interface ChecklistSource {
  /** What the checklist came from: "code:403", "q850:34", "diagnosis". */
  ref: string;
  /** The title of the card it came from ("403 Forbidden", a diagnosis headline). */
  title: string;
}

export interface ChecklistEntry {
  id: string;
  text: string;
}

export interface TickEvent {
  item: string;
  /** Platform user id (who clicked). */
  user: string;
  /** Display name at the time of the click. */
  name: string;
  /** Milliseconds since the epoch. */
  at: number;
  done: boolean;
}

export interface Checklist {
  readonly source: ChecklistSource;
  readonly items: readonly ChecklistEntry[];
  /** In order of time (ties broken by user, then by ticks before unticks). */
  readonly events: readonly TickEvent[];
}

/** Where an item stands: done (with who ticked it and when) or open. */
export type ItemStatus = { done: true; by: string; at: number } | { done: false };

/** A fresh checklist with nothing ticked. */
export function newChecklist(source: ChecklistSource, items: readonly ChecklistEntry[]): Checklist {
  return { source, items: items.map((i) => ({ ...i })), events: [] };
}

function compareEvents(a: TickEvent, b: TickEvent): number {
  return (
    a.at - b.at ||
    (a.user < b.user ? -1 : a.user > b.user ? 1 : 0) ||
    (a.item < b.item ? -1 : a.item > b.item ? 1 : 0) ||
    Number(b.done) - Number(a.done)
  );
}

function sameEvent(a: TickEvent, b: TickEvent): boolean {
  return a.at === b.at && a.user === b.user && a.item === b.item && a.done === b.done;
}

/** The checklist after `user` ticked (done = true) or unticked an item. Unknown items change nothing. */
export function recordTick(checklist: Checklist, event: TickEvent): Checklist {
  if (!checklist.items.some((i) => i.id === event.item)) return checklist;
  return { ...checklist, events: [...checklist.events, { ...event }].sort(compareEvents) };
}

/**
 * Both versions' events in one checklist. The versions must come from the
 * same source and items; otherwise `b` wins as the newer one.
 */
export function mergeChecklists(a: Checklist, b: Checklist): Checklist {
  if (a.source.ref !== b.source.ref || !sameItems(a.items, b.items)) return b;
  const events = [...a.events, ...b.events].sort(compareEvents);
  const unique = events.filter((e, i) => i === 0 || !sameEvent(e, events[i - 1] as TickEvent));
  return { ...b, events: unique };
}

function sameItems(a: readonly ChecklistEntry[], b: readonly ChecklistEntry[]): boolean {
  return a.length === b.length && a.every((item, i) => item.id === b[i]?.id);
}

/** Each item's status, by item id. */
export function itemStatuses(checklist: Checklist): Map<string, ItemStatus> {
  const status = new Map<string, ItemStatus>(
    checklist.items.map((i) => [i.id, { done: false } as ItemStatus]),
  );
  // Events are in time order, so the last one per item decides.
  for (const e of checklist.events) {
    if (!status.has(e.item)) continue;
    status.set(e.item, e.done ? { done: true, by: e.name, at: e.at } : { done: false });
  }
  return status;
}

/** How many items are done, of how many. */
export function progress(checklist: Checklist): { done: number; total: number } {
  let done = 0;
  for (const s of itemStatuses(checklist).values()) if (s.done) done++;
  return { done, total: checklist.items.length };
}
