#!/usr/bin/env node
/**
 * The last step of `npm run build`: validates knowledge/ with the loader and
 * writes dist/knowledge.snapshot.json (see core/knowledge/knowledge-snapshot.ts).
 * An invalid knowledge base fails the build, listing its problems.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { KnowledgeValidationError } from './core/knowledge/knowledge-error.js';
import {
  fingerprintKnowledge,
  SNAPSHOT_FILE,
  snapshotText,
} from './core/knowledge/knowledge-snapshot.js';
import { loadKnowledge } from './core/knowledge/load-knowledge.js';
import { DEFAULT_KNOWLEDGE_DIR, readKnowledgeDir } from './core/knowledge/read-knowledge-dir.js';

// A snapshot from an earlier build must not outlive a failed one.
rmSync(SNAPSHOT_FILE, { force: true });
try {
  const fingerprint = fingerprintKnowledge(DEFAULT_KNOWLEDGE_DIR);
  const knowledge = loadKnowledge(readKnowledgeDir(DEFAULT_KNOWLEDGE_DIR));
  const text = snapshotText(knowledge, fingerprint);
  writeFileSync(SNAPSHOT_FILE, text);
  // On stderr: `npm start` builds first, and `echo '/sip 503' | npm start --silent` must
  // print the answer alone on stdout.
  process.stderr.write(
    `knowledge snapshot: ${relative(process.cwd(), SNAPSHOT_FILE)} (${Math.round(text.length / 1024)} KB, ${fingerprint.files.length} files)\n`,
  );
} catch (error) {
  if (!(error instanceof KnowledgeValidationError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
