/**
 * One copy of each string the messages of one input keep (see
 * InputMessage): a call's Call-ID, tags, branches and Request-URI come back
 * in each of its messages, and fifty thousand messages should keep a few
 * thousand copies, not fifty thousand.
 *
 * The copies are found through their call: the Call-ID is looked up in a
 * map, the message's other strings among the few its call kept so far,
 * compared in order. One map of every string kept would do the same, but a
 * busy capture interleaves hundreds of calls, so consecutive lookups land
 * far apart in a table of tens of thousands of strings and miss the CPU
 * caches (a third of a microsecond each, five per message); a call's short
 * list is small, and a comparison with a string of another length or last
 * character fails at once.
 */

/** Strings kept per call; a longer call (many transactions) lets its oldest go. */
const CALL_STRINGS = 24;

/**
 * `text` as a string of its own. In V8 a slice of 13 characters or more
 * points into the string it was cut from and keeps all of it alive; a
 * concatenation, once read, is flattened into a fresh copy.
 */
export function ownCopy(text: string): string {
  if (text.length < 13) return text;
  const copy = text.charAt(0) + text.slice(1);
  copy.charCodeAt(0);
  return copy;
}

/**
 * Calls whose strings are looked up: those seen lately. A capture of a
 * hundred thousand calls would otherwise hold a list for each until it is
 * read; a call seen again after this many others comes back as new, and
 * its later messages keep copies of their own (the same text).
 */
const RECENT_CALLS = 4096;

export class KeptStrings {
  /**
   * The strings kept for each call, by Call-ID: the kept Call-ID first, then
   * the others in the order kept; the calls seen lately in `calls`, those
   * seen before them in `older` (dropped when `calls` fills again).
   */
  private calls = new Map<string, string[]>();
  private older = new Map<string, string[]>();
  /** Strings of messages without a Call-ID. */
  private readonly others = new Map<string, string>();

  /*
   * `ownCopies` below: the strings are cut from a text the message does not
   * keep (a capture payload's, or a pasted message's that is made again from
   * the paste), so what is kept is a copy of its own; a slice of a text the
   * message keeps costs nothing more.
   */

  /** The strings of the call `callId` names (made with its first message); `[0]` is its kept Call-ID. */
  call(callId: string | undefined, ownCopies: boolean): string[] | undefined {
    if (callId === undefined) return undefined;
    const list = this.calls.get(callId);
    if (list !== undefined) return list;
    const old = this.older.get(callId);
    const made = old ?? [ownCopies ? ownCopy(callId) : callId];
    if (this.calls.size >= RECENT_CALLS) {
      this.older = this.calls;
      this.calls = new Map();
    }
    this.calls.set(made[0] as string, made);
    return made;
  }

  /** The kept copy of `text`: one `call` kept already, else a new one, which the call keeps from now on. */
  keep(
    text: string | undefined,
    call: string[] | undefined,
    ownCopies: boolean,
  ): string | undefined {
    if (text === undefined) return undefined;
    if (text.length === 0) return '';
    if (call === undefined) return this.keepOther(text, ownCopies);
    // Length and last character first: strings of a call are mostly of one length (branches,
    // tags), and === on two strings that are not interned is a call into the engine.
    const length = text.length;
    const last = text.charCodeAt(length - 1);
    for (let i = 1; i < call.length; i++) {
      const seen = call[i] as string;
      if (seen.length === length && seen.charCodeAt(length - 1) === last && seen === text)
        return seen;
    }
    const kept = ownCopies ? ownCopy(text) : text;
    if (call.length >= CALL_STRINGS) call.splice(1, 1);
    call.push(kept);
    return kept;
  }

  private keepOther(text: string, ownCopies: boolean): string {
    const seen = this.others.get(text);
    if (seen !== undefined) return seen;
    const kept = ownCopies ? ownCopy(text) : text;
    this.others.set(kept, kept);
    return kept;
  }
}
