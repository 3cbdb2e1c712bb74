/**
 * The loaded knowledge with its in-memory indexes: built once, then every
 * lookup is a map access or a search over a prepared index. It takes entries
 * that are already validated (load-knowledge.ts, or the build's snapshot:
 * knowledge-snapshot.ts) and imports neither, so a process that starts from
 * the snapshot never loads the YAML parser or the schemas.
 */
import { CauseMappings } from './cause-mappings.js';
import { type EntryList, EntryMap } from './entry-list.js';
import type {
  ChecklistEntry,
  ClassEntry,
  CodeEntry,
  FindingEntry,
  FreeswitchCauseEntry,
  Q850Entry,
  RegisteredCode,
  ResponseClass,
  WarningEntry,
} from './entry-types.js';
import type { LoadedKnowledge } from './load-knowledge.js';
import { type SearchDocument, SearchIndex } from './search-index.js';

/**
 * What a knowledge base is made from: the validated load, or the build's
 * snapshot, which hands the codes and findings over as entries made when
 * first asked for (see entry-list.ts).
 */
export type KnowledgeEntries = Omit<LoadedKnowledge, 'codes' | 'findings'> & {
  codes: readonly CodeEntry[] | EntryList<number, CodeEntry>;
  findings: readonly FindingEntry[] | EntryList<string, FindingEntry>;
};

export type EntryRef =
  | { kind: 'code'; entry: CodeEntry }
  | { kind: 'class'; entry: ClassEntry }
  | { kind: 'q850'; entry: Q850Entry }
  | { kind: 'warning'; entry: WarningEntry }
  | { kind: 'freeswitch-cause'; entry: FreeswitchCauseEntry };

export class KnowledgeBase {
  readonly mappings: CauseMappings;
  readonly registry: readonly RegisteredCode[];
  private readonly codes: EntryList<number, CodeEntry>;
  private readonly classes: Map<string, ClassEntry>;
  private readonly q850: Map<number, Q850Entry>;
  private readonly warnings: Map<number, WarningEntry>;
  private readonly freeswitchCauses: Map<string, FreeswitchCauseEntry>;
  private readonly checklists: Map<string, ChecklistEntry>;
  private readonly findings: EntryList<string, FindingEntry>;
  /**
   * Built on the first search, with the entries by id: a code or cause
   * lookup (a one-shot CLI run) never pays for them, nor makes every code
   * entry of a snapshot.
   */
  private searchIndex: SearchIndex | undefined;
  private refs: Map<string, EntryRef> | undefined;

  constructor(loaded: KnowledgeEntries) {
    this.registry = loaded.registry;
    this.mappings = new CauseMappings(loaded.rfc3398, loaded.freeswitch, loaded.asterisk);
    this.codes = listOf(loaded.codes, (e) => e.code);
    this.classes = new Map(loaded.classes.map((e) => [e.class, e]));
    this.q850 = new Map(loaded.q850.map((e) => [e.cause, e]));
    this.warnings = new Map(loaded.warnings.map((e) => [e.code, e]));
    this.freeswitchCauses = new Map(loaded.freeswitchCauses.map((e) => [e.name, e]));
    this.checklists = new Map(loaded.checklists.map((e) => [e.id, e]));
    this.findings = listOf(loaded.findings, (e) => e.id);
  }

  /** Every entry a search can find, by its id (see refId). */
  private get entryRefs(): Map<string, EntryRef> {
    if (this.refs === undefined) {
      const refs: EntryRef[] = [
        ...this.codes.all().map((entry): EntryRef => ({ kind: 'code', entry })),
        ...this.allClasses().map((entry): EntryRef => ({ kind: 'class', entry })),
        ...this.allCauses().map((entry): EntryRef => ({ kind: 'q850', entry })),
        ...this.allWarnings().map((entry): EntryRef => ({ kind: 'warning', entry })),
        ...this.allFreeswitchCauses().map(
          (entry): EntryRef => ({ kind: 'freeswitch-cause', entry }),
        ),
      ];
      this.refs = new Map(refs.map((ref) => [refId(ref), ref]));
    }
    return this.refs;
  }

  private get index(): SearchIndex {
    this.searchIndex ??= new SearchIndex(
      [...this.entryRefs.values()].map((ref) => searchDocument(ref, this.mappings)),
    );
    return this.searchIndex;
  }

  code(code: number): CodeEntry | undefined {
    return this.codes.get(code);
  }

  responseClass(cls: ResponseClass): ClassEntry | undefined {
    return this.classes.get(cls);
  }

  cause(cause: number): Q850Entry | undefined {
    return this.q850.get(cause);
  }

  warning(code: number): WarningEntry | undefined {
    return this.warnings.get(code);
  }

  freeswitchCause(name: string): FreeswitchCauseEntry | undefined {
    return this.freeswitchCauses.get(name.toUpperCase());
  }

  checklist(id: string): ChecklistEntry | undefined {
    return this.checklists.get(id);
  }

  /** The knowledge entry of a diagnosis finding ("auth.challenge"...). */
  finding(id: string): FindingEntry | undefined {
    return this.findings.get(id);
  }

  allFindings(): FindingEntry[] {
    return this.findings.all();
  }

  allCodes(): CodeEntry[] {
    return this.codes.all();
  }

  allCauses(): Q850Entry[] {
    return [...this.q850.values()];
  }

  allWarnings(): WarningEntry[] {
    return [...this.warnings.values()];
  }

  allClasses(): ClassEntry[] {
    return [...this.classes.values()];
  }

  allFreeswitchCauses(): FreeswitchCauseEntry[] {
    return [...this.freeswitchCauses.values()];
  }

  /** Ranked entries for free text, best first. */
  search(query: string, limit = 8): { ref: EntryRef; score: number; exact: boolean }[] {
    return this.index.search(query, limit).flatMap((hit) => {
      const ref = this.entryRefs.get(hit.id);
      return ref ? [{ ref, score: hit.score, exact: hit.exact }] : [];
    });
  }

  /** Known words close to the given one ("did you mean"). */
  suggestWords(word: string): string[] {
    return this.index.suggestWords(word);
  }
}

/** The entries as a list: made already (an array), or made when asked for (the snapshot's). */
function listOf<K, T>(
  entries: readonly T[] | EntryList<K, T>,
  keyOf: (entry: T) => K,
): EntryList<K, T> {
  return isArray(entries) ? new EntryMap(entries, keyOf) : entries;
}

function isArray<T>(value: readonly T[] | object): value is readonly T[] {
  return Array.isArray(value);
}

export function refId(ref: EntryRef): string {
  switch (ref.kind) {
    case 'code':
      return `code:${ref.entry.code}`;
    case 'class':
      return `class:${ref.entry.class}`;
    case 'q850':
      return `q850:${ref.entry.cause}`;
    case 'warning':
      return `warning:${ref.entry.code}`;
    case 'freeswitch-cause':
      return `freeswitch:${ref.entry.name}`;
  }
}

const humanName = (name: string): string => name.toLowerCase().replace(/_/g, ' ');

function searchDocument(ref: EntryRef, mappings: CauseMappings): SearchDocument {
  const id = refId(ref);
  switch (ref.kind) {
    case 'code': {
      const e = ref.entry;
      return {
        id,
        prior: 1,
        phrases: [e.phrase, ...e.keywords],
        fields: [
          { text: e.phrase, weight: 5 },
          { text: e.keywords.join(' '), weight: 4 },
          { text: e.summary, weight: 1.5 },
          { text: e.headers.map((h) => h.name).join(' '), weight: 1 },
          { text: `${e.why} ${e.causes.join(' ')}`, weight: 0.3 },
        ],
      };
    }
    case 'class': {
      const e = ref.entry;
      return {
        id,
        prior: 0.7,
        phrases: [e.title, ...e.keywords],
        fields: [
          { text: e.title, weight: 4 },
          { text: e.keywords.join(' '), weight: 3 },
          { text: e.summary, weight: 1 },
        ],
      };
    }
    case 'q850': {
      const e = ref.entry;
      const names = mappings.forCause(e.cause);
      const vendorNames = [names.freeswitchName, ...names.asteriskNames].filter(
        (n): n is string => !!n,
      );
      return {
        id,
        prior: 0.75,
        phrases: [e.name, ...vendorNames.map(humanName)],
        fields: [
          { text: e.name, weight: 4 },
          { text: vendorNames.map(humanName).join(' '), weight: 2 },
          { text: e.meaning, weight: 0.8 },
          { text: e.typicalCause, weight: 0.3 },
        ],
      };
    }
    case 'warning': {
      const e = ref.entry;
      return {
        id,
        prior: 0.6,
        phrases: [e.text],
        fields: [
          { text: e.text, weight: 4 },
          { text: e.meaning, weight: 0.8 },
          { text: e.typicalCause, weight: 0.3 },
        ],
      };
    }
    case 'freeswitch-cause': {
      const e = ref.entry;
      return {
        id,
        prior: 0.6,
        phrases: [humanName(e.name)],
        fields: [
          { text: humanName(e.name), weight: 3 },
          { text: e.meaning, weight: 0.6 },
        ],
      };
    }
  }
}
