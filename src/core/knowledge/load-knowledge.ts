/**
 * Turns the knowledge files into validated entries. Every problem in every
 * file is collected before failing, so one run of `npm run knowledge:check`
 * lists everything to fix.
 */
import { parse as parseYaml } from 'yaml';
import type { ZodType } from 'zod';
import {
  type ChecklistEntry,
  type ClassEntry,
  type CodeEntry,
  classOf,
  type FindingEntry,
  type FreeswitchCauseEntry,
  type Q850Entry,
  type RegisteredCode,
  type WarningEntry,
} from './entry-types.js';
import type { KnowledgeProblem } from './knowledge-error.js';
import { KnowledgeValidationError } from './knowledge-error.js';
import { type MarkdownSection, parseMarkdownEntry } from './markdown-entry.js';
import {
  type AsteriskMappingData,
  asteriskMappingSchema,
  checklistEntrySchema,
  classEntrySchema,
  codeEntrySchema,
  type FindingEntryData,
  type FreeswitchMappingData,
  findingEntrySchema,
  freeswitchCausesFileSchema,
  freeswitchMappingSchema,
  q850FileSchema,
  type Rfc3398Data,
  rfc3398Schema,
  warningsFileSchema,
} from './schema.js';

export interface LoadedKnowledge {
  registry: RegisteredCode[];
  codes: CodeEntry[];
  classes: ClassEntry[];
  q850: Q850Entry[];
  warnings: WarningEntry[];
  freeswitchCauses: FreeswitchCauseEntry[];
  checklists: ChecklistEntry[];
  findings: FindingEntry[];
  rfc3398: Rfc3398Data;
  freeswitch: FreeswitchMappingData;
  asterisk: AsteriskMappingData;
}

/** Markdown headings of code and class entries, in their required order, and the field each fills. */
const SECTION_FIELDS: ReadonlyArray<readonly [heading: string, field: string]> = [
  ['Why it exists', 'why'],
  ['How it arises', 'steps'],
  ['Example', 'example'],
  ['Common root causes', 'causes'],
  ['Fix checklist', 'checklist'],
  ['Notes', 'notes'],
];
const FIELD_LABELS = new Map(SECTION_FIELDS.map(([heading, field]) => [field, `"## ${heading}"`]));

/** Validates the knowledge files (relative path -> text) and returns the entries, or throws with every problem. */
export function loadKnowledge(files: ReadonlyMap<string, string>): LoadedKnowledge {
  const problems: KnowledgeProblem[] = [];
  const add = (file: string, field: string, message: string): void => {
    problems.push({ file, field, message });
  };

  const validate = <T>(file: string, schema: ZodType<T>, value: unknown): T | undefined => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const sectioned = file.startsWith('codes/') || file.startsWith('classes/');
    for (const issue of result.error.issues)
      add(file, fieldName(issue.path, sectioned), issue.message);
    return undefined;
  };

  const yamlFile = <T>(file: string, schema: ZodType<T>): T | undefined => {
    const text = files.get(file);
    if (text === undefined) {
      add(file, '', 'file is missing');
      return undefined;
    }
    try {
      return validate(file, schema, parseYaml(text));
    } catch (error) {
      add(file, '', `invalid YAML: ${(error as Error).message.split('\n')[0]}`);
      return undefined;
    }
  };

  const registry = readRegistry(files.get('iana-response-codes.tsv'), add);

  const codes: CodeEntry[] = [];
  const classes: ClassEntry[] = [];
  const checklists: ChecklistEntry[] = [];
  const findings: FindingEntry[] = [];
  for (const [file, text] of files) {
    if (file.startsWith('codes/')) {
      const entry = readSectionedEntry(file, text, add);
      if (!entry) continue;
      const data = validate(file, codeEntrySchema, entry);
      if (!data) continue;
      const expected = file.slice('codes/'.length).replace(/\.md$/, '');
      if (String(data.code) !== expected)
        add(file, 'code', `is ${data.code} but the file is named ${expected}.md`);
      codes.push({ ...data, class: classOf(data.code), example: data.example, file });
    } else if (file.startsWith('classes/')) {
      const entry = readSectionedEntry(file, text, add);
      if (!entry) continue;
      const data = validate(file, classEntrySchema, entry);
      if (!data) continue;
      if (`classes/${data.class}.md` !== file)
        add(file, 'class', `is ${data.class} but the file is ${file}`);
      classes.push({ ...data, file });
    } else if (file.startsWith('checklists/')) {
      const parsed = safeMarkdown(file, text, add);
      if (!parsed) continue;
      const fm = isRecord(parsed.frontMatter) ? parsed.frontMatter : {};
      const data = validate(file, checklistEntrySchema, {
        ...fm,
        groups: parsed.sections.map((s) => ({ heading: s.heading, items: s.items })),
      });
      if (data) checklists.push({ ...data, file });
    } else if (file.startsWith('findings/')) {
      const data = readFinding(file, text, add, validate);
      if (data) findings.push({ ...data, file });
    }
  }

  const q850 =
    yamlFile('q850.yaml', q850FileSchema)?.causes.map((c) => ({ ...c, file: 'q850.yaml' })) ?? [];
  const warnings =
    yamlFile('warnings.yaml', warningsFileSchema)?.warnings.map((w) => ({
      ...w,
      file: 'warnings.yaml',
    })) ?? [];
  const freeswitchCauses =
    yamlFile('freeswitch-causes.yaml', freeswitchCausesFileSchema)?.causes.map((c) => ({
      ...c,
      file: 'freeswitch-causes.yaml',
    })) ?? [];
  const rfc3398 = yamlFile('mappings/rfc3398.yaml', rfc3398Schema);
  const freeswitch = yamlFile('mappings/freeswitch.yaml', freeswitchMappingSchema);
  const asterisk = yamlFile('mappings/asterisk.yaml', asteriskMappingSchema);

  checkCoverage(
    { registry, codes, classes, q850, warnings, freeswitchCauses, checklists },
    files,
    add,
  );

  if (problems.length > 0 || !rfc3398 || !freeswitch || !asterisk) {
    throw new KnowledgeValidationError(problems);
  }
  codes.sort((a, b) => a.code - b.code);
  classes.sort((a, b) => a.class.localeCompare(b.class));
  q850.sort((a, b) => a.cause - b.cause);
  warnings.sort((a, b) => a.code - b.code);
  return {
    registry,
    codes,
    classes,
    q850,
    warnings,
    freeswitchCauses,
    checklists,
    findings: findings.sort((a, b) => a.id.localeCompare(b.id)),
    rfc3398,
    freeswitch,
    asterisk,
  };
}

/** Headings of a finding entry, in their required order, and the field each fills. */
const FINDING_SECTIONS: ReadonlyArray<readonly [heading: string, field: string]> = [
  ['What it means', 'meaning'],
  ['Why it happens', 'causes'],
  ['What to check', 'checks'],
];

function readFinding(
  file: string,
  text: string,
  add: AddProblem,
  validate: <T>(file: string, schema: ZodType<T>, value: unknown) => T | undefined,
): FindingEntryData | undefined {
  const parsed = safeMarkdown(file, text, add);
  if (!parsed) return undefined;
  const fm = isRecord(parsed.frontMatter) ? parsed.frontMatter : {};
  const headings = parsed.sections.map((s) => s.heading);
  const expected = FINDING_SECTIONS.map(([heading]) => heading);
  if (headings.join('|') !== expected.join('|')) {
    add(file, '', `sections must be ${expected.map((h) => `"## ${h}"`).join(', ')} in this order`);
    return undefined;
  }
  const [meaning, causes, checks] = parsed.sections;
  const data = validate(file, findingEntrySchema, {
    ...fm,
    meaning: meaning?.prose ?? '',
    causes: causes?.items ?? [],
    checks: checks?.items ?? [],
  });
  if (data && `findings/${data.id}.md` !== file)
    add(file, 'id', `is ${data.id} but the file is ${file}`);
  return data;
}

type AddProblem = (file: string, field: string, message: string) => void;

function readRegistry(text: string | undefined, add: AddProblem): RegisteredCode[] {
  const file = 'iana-response-codes.tsv';
  if (text === undefined) {
    add(file, '', 'file is missing');
    return [];
  }
  const rows: RegisteredCode[] = [];
  text
    .split(/\r?\n/)
    .slice(1)
    .forEach((line, index) => {
      if (!line.trim()) return;
      const [code, phrase, rfc] = line.split('\t');
      const value = Number(code);
      if (!Number.isInteger(value) || !phrase || !rfc)
        add(file, `line ${index + 2}`, 'expected code<TAB>phrase<TAB>RFC');
      else rows.push({ code: value, phrase, rfc });
    });
  return rows;
}

function safeMarkdown(file: string, text: string, add: AddProblem) {
  try {
    return parseMarkdownEntry(text);
  } catch (error) {
    add(file, '', (error as Error).message);
    return undefined;
  }
}

/** Maps the Markdown sections of a code or class entry onto schema fields, checking headings and order. */
function readSectionedEntry(
  file: string,
  text: string,
  add: AddProblem,
): Record<string, unknown> | undefined {
  const parsed = safeMarkdown(file, text, add);
  if (!parsed) return undefined;
  if (!isRecord(parsed.frontMatter)) {
    add(file, 'front matter', 'must be a YAML mapping of fields');
    return undefined;
  }
  const entry: Record<string, unknown> = { ...parsed.frontMatter };
  let lastOrder = -1;
  for (const section of parsed.sections) {
    const order = SECTION_FIELDS.findIndex(([heading]) => heading === section.heading);
    if (order < 0) {
      add(
        file,
        `line ${section.line}`,
        `unknown section "## ${section.heading}" (allowed: ${SECTION_FIELDS.map(([h]) => h).join(', ')})`,
      );
      continue;
    }
    if (order <= lastOrder)
      add(file, `line ${section.line}`, `section "## ${section.heading}" is out of order`);
    lastOrder = Math.max(lastOrder, order);
    const field = SECTION_FIELDS[order]?.[1] ?? '';
    entry[field] = sectionValue(field, section);
  }
  return entry;
}

function sectionValue(field: string, section: MarkdownSection): unknown {
  switch (field) {
    case 'steps':
    case 'causes':
    case 'checklist':
      return section.items;
    case 'example': {
      const sip = section.code.find((c) => c.language === 'sip');
      return sip ? { caption: section.prose, text: sip.text } : undefined;
    }
    default:
      return [section.prose, ...section.items.map((i) => `- ${i}`)].filter(Boolean).join('\n\n');
  }
}

function checkCoverage(
  k: Pick<
    LoadedKnowledge,
    'registry' | 'codes' | 'classes' | 'q850' | 'warnings' | 'freeswitchCauses' | 'checklists'
  >,
  files: ReadonlyMap<string, string>,
  add: AddProblem,
): void {
  // A file that exists but failed validation has its problems reported already; "missing" would mislead.
  const missing = (file: string): boolean => !files.has(file);
  const byCode = new Map(k.codes.map((c) => [c.code, c]));
  const registered = new Set(k.registry.map((r) => r.code));
  for (const row of k.registry) {
    const entry = byCode.get(row.code);
    if (!entry) {
      if (!missing(`codes/${row.code}.md`)) continue;
      add(
        `codes/${row.code}.md`,
        '',
        `file is missing (every registered code needs an entry: ${row.code} ${row.phrase})`,
      );
      continue;
    }
    if (entry.phrase !== row.phrase)
      add(entry.file, 'phrase', `is "${entry.phrase}" but the registry says "${row.phrase}"`);
    if (entry.rfc !== row.rfc)
      add(entry.file, 'rfc', `is "${entry.rfc}" but the registry says "${row.rfc}"`);
  }
  for (const entry of k.codes) {
    if (!registered.has(entry.code))
      add(entry.file, 'code', `${entry.code} is not in iana-response-codes.tsv`);
    entry.related.forEach((code, index) => {
      if (!registered.has(code))
        add(entry.file, `related[${index}]`, `${code} is not a registered response code`);
    });
  }
  for (const cls of ['1xx', '2xx', '3xx', '4xx', '5xx', '6xx']) {
    if (!k.classes.some((c) => c.class === cls) && missing(`classes/${cls}.md`))
      add(`classes/${cls}.md`, '', 'file is missing');
  }
  for (const entry of k.classes) {
    entry.related.forEach((code, index) => {
      if (!registered.has(code))
        add(entry.file, `related[${index}]`, `${code} is not a registered response code`);
    });
  }
  for (const cause of duplicates(k.q850.map((c) => c.cause))) {
    add('q850.yaml', 'causes', `cause ${cause} appears twice`);
  }
  for (const code of duplicates(k.warnings.map((w) => w.code))) {
    add('warnings.yaml', 'warnings', `code ${code} appears twice`);
  }
  for (const name of duplicates(k.freeswitchCauses.map((c) => c.name))) {
    add('freeswitch-causes.yaml', 'causes', `${name} appears twice`);
  }
  k.warnings.forEach((w, index) => {
    w.seenWith.forEach((code, j) => {
      if (!registered.has(code))
        add(
          'warnings.yaml',
          `warnings[${index}].seenWith[${j}]`,
          `${code} is not a registered response code`,
        );
    });
  });
  if (!k.checklists.some((c) => c.id === 'general'))
    add('checklists/general.md', '', 'file is missing');
}

function duplicates<T>(values: T[]): T[] {
  const seen = new Set<T>();
  const twice = new Set<T>();
  for (const v of values) (seen.has(v) ? twice : seen).add(v);
  return [...twice];
}

function fieldName(path: ReadonlyArray<PropertyKey>, sectioned: boolean): string {
  if (path.length === 0) return '';
  const name = path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`,
    )
    .join('');
  const section = sectioned ? FIELD_LABELS.get(String(path[0])) : undefined;
  return section ? `${name} (section ${section})` : name;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
