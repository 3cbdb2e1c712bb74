/**
 * Everything a parse keeps between the messages of one input, or reuses as
 * scratch while it reads one message: the problem collector, the header
 * table, the character-search memo, the host/port and Via scratch, the first
 * header of each kind, the Request-URIs and Contact values checked lately
 * and the header spellings seen.
 *
 * Why it exists: the bot parses traces of many teams in one process. Had the
 * parser kept any of this in module globals, the last message text, tags and
 * header names of one team's trace would stay reachable while the next
 * team's trace is parsed (and two parses interleaved across an await would
 * share caches). Instead, parseText and parseInput make one state per input
 * and drop it with the input; parseMessage without one makes a fresh state
 * for that call. Module-level data in src/core/sip is fixed tables only.
 */
import { type CharSearch, newCharSearch } from './char-search.js';
import type { HeaderInfo } from './header-names.js';
import { KIND_SLOTS } from './message-checks.js';
import { ProblemCollector } from './problem-collector.js';
import type { HeaderTable, StructuredReadState } from './read-structured-headers.js';
import { freezeUri, RecentValues } from './recent-values.js';
import type { Header } from './sip-message.js';
import type { SipUri } from './types.js';
import { type HostPort, newHostPort } from './uri.js';
import { newViaCursor, type ViaCursor } from './via.js';

export class ParserState implements StructuredReadState {
  /** Collects the problems of the message being read, and of one whose late checks run. */
  readonly problems = new ProblemCollector();
  /**
   * Kind and value offsets of the special headers of the message read last,
   * which its late checks use in place while it is still the table's owner.
   */
  readonly table: HeaderTable = { text: '', entries: [], used: 0, owner: undefined };
  /** What indexWithin remembers while a message is read (see char-search.ts). */
  readonly search: CharSearch = newCharSearch();
  /** The sent-by of the Via value being read, and where that value stopped. */
  readonly via: ViaCursor = newViaCursor();
  /** Host and port of the URI being read. */
  readonly hostPort: HostPort = newHostPort();

  // Checks remembered for later messages (see recent-values.ts); undefined in a state made
  // for a single message, which has no later message to share them with.
  readonly recentRequestUri: RecentValues<SipUri> | undefined;
  /** Contact values checked lately and found clean. */
  readonly recentCleanContacts: RecentValues<true> | undefined;
  /**
   * Header spellings of this input that the fixed table of known names does
   * not hold, with what they mean (bounded in header-names.ts); undefined in
   * a state for a single message.
   */
  readonly headerNames: Map<string, HeaderInfo | null> | undefined;

  private firstOfKindSlots: (Header | undefined)[] | undefined = undefined;

  /**
   * `remember` false makes a state for one message: the caches that pay off
   * only across messages are left out, which keeps a one-off parse cheap.
   */
  constructor(remember = true) {
    if (remember) {
      this.recentRequestUri = new RecentValues<SipUri>(freezeUri);
      this.recentCleanContacts = new RecentValues<true>(() => {});
      this.headerNames = new Map();
    } else {
      this.recentRequestUri = undefined;
      this.recentCleanContacts = undefined;
      this.headerNames = undefined;
    }
  }

  /**
   * Scratch for the first header of each kind (the whole-message checks),
   * made on first use and cleared on each.
   */
  firstOfKind(): (Header | undefined)[] {
    if (this.firstOfKindSlots === undefined)
      this.firstOfKindSlots = new Array<Header | undefined>(KIND_SLOTS).fill(undefined);
    else this.firstOfKindSlots.fill(undefined);
    return this.firstOfKindSlots;
  }
}
