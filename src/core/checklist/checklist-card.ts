/**
 * A shared checklist as a neutral card: "Checklist: 403 Forbidden", how
 * many items are done, each item with who ticked it and when, and one tick
 * or untick action per item. The checklist itself travels with the card as
 * its state (see checklist-codec.ts).
 */
import type { Card } from '../card.js';
import { literal } from '../inline.js';
import { type Checklist, itemStatuses, progress } from './checklist.js';

/** "10:02 UTC" today, "2026-12-03 10:02 UTC" on an earlier day than `now`. */
function when(at: number, now: number): string {
  const iso = new Date(at).toISOString();
  const sameDay = iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10);
  return `${sameDay ? '' : `${iso.slice(0, 10)} `}${iso.slice(11, 16)} UTC`;
}

export function checklistCard(checklist: Checklist, now: number): Card {
  const statuses = itemStatuses(checklist);
  const { done, total } = progress(checklist);
  return {
    kind: 'checklist',
    title: `Checklist: ${literal(checklist.source.title)}`,
    summary: `${done}/${total} done.${done === total && total > 0 ? ' **Checklist complete.**' : ''}`,
    fields: [],
    sections: [],
    checklist: checklist.items.map((item) => {
      const status = statuses.get(item.id);
      if (status?.done !== true) return { id: item.id, text: item.text };
      return {
        id: item.id,
        text: item.text,
        done: {
          by: status.by,
          at: new Date(status.at).toISOString(),
          note: `ticked by **${literal(status.by)}** at ${when(status.at, now)}`,
        },
      };
    }),
    references: [],
    actions: checklist.items.map((item, i) =>
      statuses.get(item.id)?.done === true
        ? { id: 'untick' as const, label: `Untick ${i + 1}`, value: item.id }
        : { id: 'tick' as const, label: `Tick ${i + 1}`, value: item.id },
    ),
    data: {
      kind: 'checklist',
      source: checklist.source,
      done,
      total,
      items: checklist.items.map((item) => {
        const status = statuses.get(item.id);
        return status?.done === true
          ? { ...item, done: true, by: status.by, at: new Date(status.at).toISOString() }
          : { ...item, done: false };
      }),
    },
  };
}
