import type { ChecklistItem } from '../card.js';

/** An item's text with, once it is ticked, who ticked it and when: "Check the ACL (ticked by **alice** at 10:02 UTC)". */
export function withNote(item: ChecklistItem): string {
  return item.done === undefined ? item.text : `${item.text} (${item.done.note})`;
}
