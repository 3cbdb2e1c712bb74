/**
 * The loaded knowledge with its in-memory indexes: built once, then every
 * lookup is a map access or a search over a prepared index. It takes entries
 * that are already validated (load-knowledge.ts, or the build's snapshot:
 * knowledge-snapshot.ts) and imports neither, so a process that starts from
 * the snapshot never loads the YAML parser or the schemas.
 */
import { CauseMappings } from './cause-mappings.js';
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

export type EntryRef =
  | { kind: 'code'; entry: CodeEntry }
  | { kind: 'class'; entry: ClassEntry }
  | { kind: 'q850'; entry: Q850Entry }
  | { kind: 'warning'; entry: WarningEntry }
  | { kind: 'freeswitch-cause'; entry: FreeswitchCauseEntry };

export class KnowledgeBase {
  readonly mappings: CauseMappings;
  readonly registry: readonly RegisteredCode[];
  private readonly codes: Map<number, CodeEntry>;
  private readonly classes: Map<string, ClassEntry>;
  private readonly q850: Map<number, Q850Entry>;
  private readonly warnings: Map<number, WarningEntry>;
  private readonly freeswitchCauses: Map<string, FreeswitchCauseEntry>;
  private readonly checklists: Map<string, ChecklistEntry>;
  private readonly findings: Map<string, FindingEntry>;
  private readonly refs: Map<string, EntryRef>;
  /** Built on the first search: a code or cause lookup (a one-shot CLI run) never pays for it. */
  private searchIndex: SearchIndex | undefined;

  constructor(loaded: LoadedKnowledge) {
    this.registry = loaded.registry;
    this.mappings = new CauseMappings(loaded.rfc3398, loaded.freeswitch, loaded.asterisk);
    this.codes = new Map(loaded.codes.map((e) => [e.code, e]));
    this.classes = new Map(loaded.classes.map((e) => [e.class, e]));
    this.q850 = new Map(loaded.q850.map((e) => [e.cause, e]));
    this.warnings = new Map(loaded.warnings.map((e) => [e.code, e]));
    this.freeswitchCauses = new Map(loaded.freeswitchCauses.map((e) => [e.name, e]));
    this.checklists = new Map(loaded.checklists.map((e) => [e.id, e]));
    this.findings = new Map(loaded.findings.map((e) => [e.id, e]));

    const refs: EntryRef[] = [
      ...loaded.codes.map((entry): EntryRef => ({ kind: 'code', entry })),
      ...loaded.classes.map((entry): EntryRef => ({ kind: 'class', entry })),
      ...loaded.q850.map((entry): EntryRef => ({ kind: 'q850', entry })),
      ...loaded.warnings.map((entry): EntryRef => ({ kind: 'warning', entry })),
      ...loaded.freeswitchCauses.map((entry): EntryRef => ({ kind: 'freeswitch-cause', entry })),
    ];
    this.refs = new Map(refs.map((ref) => [refId(ref), ref]));
  }

  private get index(): SearchIndex {
    this.searchIndex ??= new SearchIndex(
      [...this.refs.values()].map((ref) => searchDocument(ref, this.mappings)),
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
    return [...this.findings.values()];
  }

  allCodes(): CodeEntry[] {
    return [...this.codes.values()];
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
      const ref = this.refs.get(hit.id);
      return ref ? [{ ref, score: hit.score, exact: hit.exact }] : [];
    });
  }

  /** Known words close to the given one ("did you mean"). */
  suggestWords(word: string): string[] {
    return this.index.suggestWords(word);
  }
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
