/** The real knowledge base, loaded once per test file. */
import type { KnowledgeBase } from '../../src/core/knowledge/knowledge-base.js';
import {
  DEFAULT_KNOWLEDGE_DIR,
  readKnowledgeDir,
} from '../../src/core/knowledge/read-knowledge-dir.js';
import { validatedKnowledgeBase } from '../../src/core/knowledge/validated-knowledge.js';

let kb: KnowledgeBase | undefined;

export function realKnowledge(): KnowledgeBase {
  kb ??= validatedKnowledgeBase();
  return kb;
}

/** The real knowledge files, as a mutable copy for schema tests. */
export function realKnowledgeFiles(): Map<string, string> {
  return new Map(readKnowledgeDir(DEFAULT_KNOWLEDGE_DIR));
}
