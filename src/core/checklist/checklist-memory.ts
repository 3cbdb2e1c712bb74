/**
 * The latest checklist this process wrote into each message. A click brings
 * back the state the message showed when it was clicked; when two people
 * click at once, the second click's state does not have the first one's
 * tick yet. Merging the incoming state with the latest one written here
 * keeps both. After a restart this memory is empty and the message itself
 * holds the latest state, so nothing is lost; it only matters while clicks
 * race, so a few hundred recent messages are plenty.
 */
import { type Checklist, mergeChecklists } from './checklist.js';

const CAPACITY = 500;

export class ChecklistMemory {
  private readonly latest = new Map<string, Checklist>();

  /** The incoming state merged with the latest one written to the same message. */
  current(message: string, incoming: Checklist): Checklist {
    const known = this.latest.get(message);
    return known === undefined ? incoming : mergeChecklists(known, incoming);
  }

  remember(message: string, checklist: Checklist): void {
    this.latest.delete(message);
    this.latest.set(message, checklist);
    if (this.latest.size > CAPACITY) {
      const oldest = this.latest.keys().next();
      if (!oldest.done) this.latest.delete(oldest.value);
    }
  }
}
