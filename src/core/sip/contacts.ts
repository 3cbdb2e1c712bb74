/**
 * The Contact values of a message: "*" alone, or every name-addr /
 * addr-spec of every Contact header in order. One function both checks them
 * (eagerly, while the message is parsed, so the problems are complete) and
 * builds them (when `contacts` is first read), so the lazily built value is
 * exactly what an eager parse gives.
 */
import { displayHeaderName } from './header-names.js';
import { type NameAddrScratch, parseNameAddrListAt } from './name-addr.js';
import { CHECK_EXPIRES } from './params.js';
import type { ProblemCollector } from './problem-collector.js';
import type { RecentValues } from './recent-values.js';
import type { Header } from './sip-message.js';
import type { SyntaxIssue } from './syntax-issue.js';
import type { NameAddr } from './types.js';

/** What the Contact checks use of a parse's state (parser-state.ts). */
export interface ContactScratch extends NameAddrScratch {
  /** Contact values checked lately and found clean (see recent-values.ts); undefined: none kept. */
  readonly recentCleanContacts: RecentValues<true> | undefined;
}

/** Forgets which Contact values `state` found clean lately. */
export function forgetRecentContacts(state: ContactScratch): void {
  state.recentCleanContacts?.clear();
}

/** Where each listed header's value can be read in place (the message text), when it was not unfolded. */
export interface ContactSource {
  text: string;
  /** For the i-th header of the list, its value's start in `text` (-1: unfolded) at 2i and end at 2i + 1. */
  spans: ArrayLike<number>;
}

/**
 * Reads the Contact headers `list` (indexes into `headers`). With `problems`
 * it reports every defect and returns nothing built (`build` false) or the
 * values (`build` true); without, it only builds. `state` is the parse's,
 * whose scratch is used and which remembers the values found clean.
 */
export function readContactHeaders(
  headers: readonly Header[],
  list: readonly number[],
  source: ContactSource | undefined,
  problems: ProblemCollector | undefined,
  build: boolean,
  state?: ContactScratch,
): NameAddr[] | '*' {
  const recentClean = build ? undefined : state?.recentCleanContacts;
  const issues: SyntaxIssue[] | undefined = problems === undefined ? undefined : [];
  const out: NameAddr[] | null = build ? [] : null;
  let star: Header | undefined;
  let others = 0;
  for (let i = 0; i < list.length; i++) {
    const h = headers[list[i] as number];
    if (h === undefined) continue;
    if (h.value === '*') {
      star = h;
      continue;
    }
    others++;
    const start = source?.spans[2 * i] ?? -1;
    const inPlace = source !== undefined && start >= 0;
    const text = inPlace ? source.text : h.value;
    const from = inPlace ? start : 0;
    const to = inPlace ? (source.spans[2 * i + 1] ?? start) : h.value.length;
    // Only checking: a value found clean lately is clean again.
    if (recentClean !== undefined && recentClean.find(h.value) !== undefined) continue;
    parseNameAddrListAt(text, from, to, issues, out, CHECK_EXPIRES, state);
    if (problems !== undefined && issues !== undefined) {
      if (issues.length > 0) {
        problems.addIssues(issues, 'contact', h.line, displayHeaderName(h.key));
        issues.length = 0;
      } else if (recentClean !== undefined) {
        recentClean.add(h.value, true);
      }
    }
  }
  if (star === undefined) return out ?? [];
  if (others > 0 || list.length > 1) {
    problems?.add(
      'error',
      'contact.star-mixed',
      'Contact "*" must be the only Contact value (RFC 3261 §10.2.2).',
      star.line,
      400,
    );
    return out ?? [];
  }
  return '*';
}

/** Indexes of the Contact headers among `headers`. */
export function contactIndexes(headers: readonly Header[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < headers.length; k++) if (headers[k]?.key === 'contact') out.push(k);
  return out;
}
