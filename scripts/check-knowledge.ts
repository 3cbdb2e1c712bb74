/**
 * `npm run knowledge:check`: validates knowledge/ and lists every problem with its file and field,
 * including Markdown lines a reader could take two ways (a wrapped sentence or a list item).
 */
import {
  formatProblem,
  type KnowledgeProblem,
  KnowledgeValidationError,
} from '../src/core/knowledge/knowledge-error.js';
import { loadKnowledge } from '../src/core/knowledge/load-knowledge.js';
import { MarkdownEntryError, markdownAmbiguities } from '../src/core/knowledge/markdown-entry.js';
import {
  DEFAULT_KNOWLEDGE_DIR,
  readKnowledgeDir,
} from '../src/core/knowledge/read-knowledge-dir.js';

const dir = process.argv[2] ?? DEFAULT_KNOWLEDGE_DIR;
const files = readKnowledgeDir(dir);

/** Ambiguous list markers in every Markdown entry (a file that does not parse is reported by the loader). */
function ambiguities(): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  for (const [file, text] of files) {
    if (!file.endsWith('.md')) continue;
    try {
      for (const a of markdownAmbiguities(text))
        problems.push({ file, field: `line ${a.line}`, message: a.message });
    } catch (error) {
      if (!(error instanceof MarkdownEntryError)) throw error;
    }
  }
  return problems;
}

const markdownProblems = ambiguities();
try {
  const k = loadKnowledge(files);
  if (markdownProblems.length > 0) throw new KnowledgeValidationError(markdownProblems);
  process.stdout.write(
    `knowledge OK: ${k.codes.length} codes, ${k.classes.length} classes, ${k.q850.length} Q.850 causes, ` +
      `${k.warnings.length} warn-codes, ${k.freeswitchCauses.length} FreeSWITCH causes, ${k.checklists.length} checklists, ${k.findings.length} findings\n`,
  );
} catch (error) {
  if (!(error instanceof KnowledgeValidationError)) throw error;
  const known = new Set(error.problems.map(formatProblem));
  const extra = markdownProblems.filter((p) => !known.has(formatProblem(p)));
  process.stderr.write(
    `${extra.length > 0 ? new KnowledgeValidationError([...error.problems, ...extra]).message : error.message}\n`,
  );
  process.exitCode = 1;
}
