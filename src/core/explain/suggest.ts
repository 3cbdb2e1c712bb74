/**
 * suggest(partial): ranked choices for what the person is still typing, for
 * a chat platform's autocomplete (Discord's `/sip query:` takes at most 25
 * choices of at most 100 characters each). Every `value` is a query that
 * `/sip <value>` explains exactly (a code, a class, `q850 34`, `warning 399`
 * or a vendor cause name); `name` is what the person sees.
 *
 * It runs on every keystroke, so the choices of a knowledge base are built
 * once (kept per knowledge base) and each call is a few prefix scans over
 * them, or one search of the knowledge base's index for words.
 */
import { type EntryRef, type KnowledgeBase, refId } from '../knowledge/knowledge-base.js';
import { normalize } from '../knowledge/search-index.js';
import { QUERY_EXAMPLES } from './search-card.js';

export interface Suggestion {
  /** What the person sees, e.g. "403 Forbidden" (at most 100 characters). */
  name: string;
  /** The query that explains it, e.g. "403", "q850 34", "USER_BUSY" (at most 100 characters). */
  value: string;
}

/** Discord's limits for one autocomplete choice; other platforms allow at least as much. */
export const MAX_SUGGESTION_LENGTH = 100;
/** Discord shows at most 25 choices. */
export const MAX_SUGGESTIONS = 25;

/**
 * Words of free text given to the search. Each word costs a typo scan of the
 * vocabulary, so this bounds what one keystroke costs; no response code's
 * title or keyword is longer, and a longer title typed out in full is still
 * found whole (see `words`).
 */
const MAX_SEARCH_WORDS = 6;

/** The shortest word the search index completes by prefix (see SearchIndex.matchingTerms). */
const SEARCH_PREFIX_LETTERS = 3;

/** What people ask about most, shown before anything is typed. */
const COMMON_CODES = [403, 404, 408, 480, 486, 487, 488, 500, 503, 603];

/** One choice with the text its prefix matches are made against. */
interface Keyed {
  key: string;
  suggestion: Suggestion;
}

interface VendorName {
  /** "USER_BUSY", "AST_CAUSE_USER_BUSY" */
  name: string;
  /** The name without AST_CAUSE_ ("USER_BUSY"). */
  bare: string;
  suggestion: Suggestion;
}

interface Catalog {
  common: Suggestion[];
  /** By code, ascending; key is the code as digits. */
  codes: Keyed[];
  /** Class digit ("4") -> the class. */
  classes: Map<string, Suggestion>;
  /** By cause value, ascending; key is the value as digits. */
  causes: Keyed[];
  /** By warn-code, ascending. */
  warnings: Keyed[];
  /** By name. */
  vendors: VendorName[];
  /** Normalised titles ("forbidden", "user busy"), in catalog order. */
  titles: Keyed[];
  /** The same, by title. */
  exactTitles: Map<string, Suggestion[]>;
  byRef: Map<string, Suggestion>;
}

const catalogs = new WeakMap<KnowledgeBase, Catalog>();

/**
 * Up to `limit` (at most 25) choices for `partial`, best first, without
 * duplicate values. Never throws: anything unexpected gives no choices.
 */
export function suggest(
  partial: string,
  kb: KnowledgeBase,
  limit: number = MAX_SUGGESTIONS,
): Suggestion[] {
  try {
    const max = Number.isFinite(limit)
      ? Math.max(0, Math.min(MAX_SUGGESTIONS, Math.floor(limit)))
      : MAX_SUGGESTIONS;
    if (max === 0) return [];
    let catalog = catalogs.get(kb);
    if (catalog === undefined) {
      catalog = buildCatalog(kb);
      catalogs.set(kb, catalog);
    }
    const out = new Choices(max);
    collect(clean(partial), kb, catalog, out);
    return out.list;
  } catch {
    return [];
  }
}

/** The typed text, cut to 100 characters, without control characters or a leading `/sip`. */
function clean(partial: unknown): string {
  return (
    String(partial ?? '')
      .slice(0, MAX_SUGGESTION_LENGTH)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .trim()
      .replace(/^\/?sip(?:-triage)?\b(?!\/)\s*/i, '')
      .trim()
  );
}

/** The choices so far: each value once, no more than the limit. */
class Choices {
  readonly list: Suggestion[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly limit: number) {}

  get full(): boolean {
    return this.list.length >= this.limit;
  }

  add(suggestion: Suggestion | undefined): void {
    if (suggestion === undefined || this.full || this.seen.has(suggestion.value)) return;
    this.seen.add(suggestion.value);
    this.list.push({ name: suggestion.name, value: suggestion.value });
  }

  /** Adds the entries whose key starts with `prefix`, in list order. */
  addPrefixed(entries: readonly Keyed[], prefix: string): void {
    for (const entry of entries) {
      if (this.full) return;
      if (entry.key.startsWith(prefix)) this.add(entry.suggestion);
    }
  }
}

const DIGITS = /^\d+$/;
const CLASS = /^([1-6])xx?$/i;
const Q850 = /^(?:q(?:\.?\s?8(?:50?)?)?|cause|isup)\s*(?:cause\s*)?[#:=]?\s*(\d{0,3})$/i;
const WARNING = /^warn(?:i(?:ng?)?)?(?:[\s_-]?code)?\s*[#:=]?\s*(\d{0,3})$/i;
/** Upper-case words and underscores: the start of a FreeSWITCH or Asterisk cause name. */
const VENDOR = /^(?=[A-Za-z0-9_]*_|[A-Z0-9]+$)[A-Za-z][A-Za-z0-9_]*$/;

function collect(text: string, kb: KnowledgeBase, catalog: Catalog, out: Choices): void {
  if (text === '') {
    for (const s of catalog.common) out.add(s);
    return;
  }
  if (DIGITS.test(text)) {
    digits(text, catalog, out);
    return;
  }
  const cls = CLASS.exec(text);
  if (cls) {
    const digit = cls[1] as string;
    out.add(catalog.classes.get(digit));
    out.addPrefixed(catalog.codes, digit);
    return;
  }
  const q850 = Q850.exec(text);
  if (q850) {
    out.addPrefixed(catalog.causes, q850[1] ?? '');
    return;
  }
  const warning = WARNING.exec(text);
  if (warning) {
    out.addPrefixed(catalog.warnings, warning[1] ?? '');
    return;
  }
  if (VENDOR.test(text)) vendorNames(text.toUpperCase(), catalog, out);
  words(text, kb, catalog, out);
}

/** "4", "40", "403": codes (the exact one first), then Q.850 causes, warn-codes and the class. */
function digits(text: string, catalog: Catalog, out: Choices): void {
  if (text.length > 3) return;
  const before = out.list.length;
  out.addPrefixed(catalog.codes, text);
  const code = Number(text);
  const digit = text[0] as string;
  const cls = catalog.classes.get(digit);
  const matchedCodes = out.list.length > before;
  if (text.length === 3 && !matchedCodes && code >= 100 && code <= 699 && cls) {
    // Unregistered: explain answers with its class, as RFC 3261 tells a UAC to treat it.
    out.add({ value: text, name: cut(`${text} Unregistered code (${cls.name})`) });
  }
  out.addPrefixed(catalog.causes, text);
  out.addPrefixed(catalog.warnings, text);
  if (matchedCodes || (text.length === 3 && code >= 100 && code <= 699)) out.add(cls);
}

/** "USER_B", "AST_CAUSE_NO", "BUSY": names starting so, then names with a word starting so. */
function vendorNames(prefix: string, catalog: Catalog, out: Choices): void {
  for (const v of catalog.vendors) if (v.name.startsWith(prefix)) out.add(v.suggestion);
  for (const v of catalog.vendors) if (v.bare.startsWith(prefix)) out.add(v.suggestion);
  const inner = `_${prefix}`;
  for (const v of catalog.vendors) if (v.bare.includes(inner)) out.add(v.suggestion);
}

/**
 * Words: a whole title first, then the knowledge base's ranked (typo-tolerant)
 * search, then titles that start with the text.
 */
function words(text: string, kb: KnowledgeBase, catalog: Catalog, out: Choices): void {
  if (out.full) return;
  const key = normalize(text);
  // A whole title, as the search's own exact-phrase bonus would rank it.
  for (const s of catalog.exactTitles.get(key) ?? []) out.add(s);
  // The search completes a word only from its third letter ("ser" finds "server"); while the
  // last word is shorter ("user b"), a title that starts with the text is the better guess.
  if (key && (key.split(' ').pop() ?? '').length < SEARCH_PREFIX_LETTERS) {
    out.addPrefixed(catalog.titles, key);
  }
  const query = text.split(/\s+/).slice(0, MAX_SEARCH_WORDS).join(' ');
  for (const hit of kb.search(query, MAX_SUGGESTIONS)) out.add(catalog.byRef.get(refId(hit.ref)));
  if (key) out.addPrefixed(catalog.titles, key);
}

/** Cuts to 100 characters, ending in an ellipsis when it had to cut. */
function cut(text: string): string {
  if (text.length <= MAX_SUGGESTION_LENGTH) return text;
  let kept = text.slice(0, MAX_SUGGESTION_LENGTH - 1);
  // Never leave half of a surrogate pair behind.
  if (/[\ud800-\udbff]$/.test(kept)) kept = kept.slice(0, -1);
  return `${kept.trimEnd()}…`;
}

function buildCatalog(kb: KnowledgeBase): Catalog {
  const byRef = new Map<string, Suggestion>();
  const byValue = new Map<string, Suggestion>();
  const titles: Keyed[] = [];
  const make = (value: string, name: string): Suggestion => {
    const suggestion = { value, name: cut(name) };
    byValue.set(value, suggestion);
    return suggestion;
  };
  const entry = (ref: EntryRef, value: string, name: string, title: string): Suggestion => {
    const suggestion = make(value, name);
    byRef.set(refId(ref), suggestion);
    const key = normalize(title);
    if (key) titles.push({ key, suggestion });
    return suggestion;
  };

  const codes = kb
    .allCodes()
    .sort((a, b) => a.code - b.code)
    .map((e) => ({
      key: String(e.code),
      suggestion: entry(
        { kind: 'code', entry: e },
        String(e.code),
        `${e.code} ${e.phrase}`,
        e.phrase,
      ),
    }));
  const classes = new Map<string, Suggestion>();
  for (const e of kb.allClasses().sort((a, b) => a.class.localeCompare(b.class))) {
    classes.set(
      e.class[0] as string,
      entry({ kind: 'class', entry: e }, e.class, `${e.class} ${e.title}`, e.title),
    );
  }
  const causeEntries = kb.allCauses().sort((a, b) => a.cause - b.cause);
  const causes = causeEntries.map((e) => ({
    key: String(e.cause),
    suggestion: entry(
      { kind: 'q850', entry: e },
      `q850 ${e.cause}`,
      `Q.850 ${e.cause} ${e.name}`,
      e.name,
    ),
  }));
  const warnings = kb
    .allWarnings()
    .sort((a, b) => a.code - b.code)
    .map((e) => ({
      key: String(e.code),
      suggestion: entry(
        { kind: 'warning', entry: e },
        `warning ${e.code}`,
        `Warning ${e.code} ${e.text}`,
        e.text,
      ),
    }));

  const vendors: VendorName[] = [];
  const vendorValues = new Set<string>();
  const addVendor = (name: string, label: string): Suggestion | undefined => {
    if (vendorValues.has(name) || name.length > MAX_SUGGESTION_LENGTH) return undefined;
    vendorValues.add(name);
    const suggestion = make(name, label);
    const bare = name.startsWith('AST_CAUSE_') ? name.slice('AST_CAUSE_'.length) : name;
    vendors.push({ name, bare, suggestion });
    return suggestion;
  };
  // FreeSWITCH's own causes first: explain looks a name up there before the Q.850 names.
  for (const e of kb.allFreeswitchCauses()) {
    const sip = e.sip ?? kb.mappings.freeswitchSipForName(e.name);
    const suggestion = addVendor(
      e.name,
      `${e.name} (FreeSWITCH ${e.value})${sip !== undefined ? ` → SIP ${sip}` : ''}`,
    );
    if (suggestion) byRef.set(refId({ kind: 'freeswitch-cause', entry: e }), suggestion);
  }
  // FreeSWITCH and Asterisk names of the Q.850 causes, labelled as explain resolves them.
  for (const e of causeEntries) {
    const m = kb.mappings.forCause(e.cause);
    for (const name of [m.freeswitchName, ...m.asteriskNames]) {
      if (name === undefined) continue;
      const resolved = kb.mappings.causeValueForName(name);
      if (resolved?.value !== e.cause || kb.freeswitchCause(name)) continue;
      const vendor =
        resolved.vendor === 'both'
          ? 'FreeSWITCH and Asterisk'
          : resolved.vendor === 'freeswitch'
            ? 'FreeSWITCH'
            : 'Asterisk';
      addVendor(name, `${name} (${vendor}) → Q.850 ${e.cause} ${e.name}`);
    }
  }
  // By name without AST_CAUSE_, the FreeSWITCH spelling before the Asterisk one.
  const order = (v: VendorName): string => `${v.bare}\u0000${v.name === v.bare ? 0 : 1}`;
  vendors.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  for (const v of vendors) {
    const key = normalize(v.name);
    if (key) titles.push({ key, suggestion: v.suggestion });
  }

  const common: Suggestion[] = [];
  for (const code of COMMON_CODES) {
    const s = byValue.get(String(code));
    if (s) common.push(s);
  }
  common.push(...classes.values());
  for (const example of QUERY_EXAMPLES) {
    const s = byValue.get(example);
    if (s && !common.includes(s)) common.push(s);
  }

  const exactTitles = new Map<string, Suggestion[]>();
  for (const { key, suggestion } of titles) {
    exactTitles.set(key, [...(exactTitles.get(key) ?? []), suggestion]);
  }

  return { common, codes, classes, causes, warnings, vendors, titles, exactTitles, byRef };
}
