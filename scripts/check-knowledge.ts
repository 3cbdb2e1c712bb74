/** `npm run knowledge:check`: validates knowledge/ and lists every problem with its file and field. */
import { KnowledgeValidationError } from '../src/core/knowledge/knowledge-error.js';
import { loadKnowledge } from '../src/core/knowledge/load-knowledge.js';
import {
  DEFAULT_KNOWLEDGE_DIR,
  readKnowledgeDir,
} from '../src/core/knowledge/read-knowledge-dir.js';

const dir = process.argv[2] ?? DEFAULT_KNOWLEDGE_DIR;
try {
  const k = loadKnowledge(readKnowledgeDir(dir));
  process.stdout.write(
    `knowledge OK: ${k.codes.length} codes, ${k.classes.length} classes, ${k.q850.length} Q.850 causes, ` +
      `${k.warnings.length} warn-codes, ${k.freeswitchCauses.length} FreeSWITCH causes, ${k.checklists.length} checklists, ${k.findings.length} findings\n`,
  );
} catch (error) {
  if (!(error instanceof KnowledgeValidationError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
