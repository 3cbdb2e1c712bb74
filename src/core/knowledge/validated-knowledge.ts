/**
 * Knowledge bases loaded synchronously, for tests, benchmarks, the build
 * and library callers. This module imports the validating loader (the YAML
 * parser and the schemas); the CLI and the bot use load-knowledge-base.ts,
 * which imports it only when there is no fresh snapshot.
 */
import { KnowledgeBase } from './knowledge-base.js';
import { packagedSnapshot } from './knowledge-snapshot.js';
import { loadKnowledge } from './load-knowledge.js';
import { DEFAULT_KNOWLEDGE_DIR, readKnowledgeDir } from './read-knowledge-dir.js';

/** Loads and validates a knowledge directory (the packaged one by default). Throws KnowledgeValidationError. */
export function validatedKnowledgeBase(dir: string = DEFAULT_KNOWLEDGE_DIR): KnowledgeBase {
  return new KnowledgeBase(loadKnowledge(readKnowledgeDir(dir)));
}

/** As loadKnowledgeBase(), synchronously: the build's snapshot when it is fresh, else the validated load. */
export function loadKnowledgeBaseSync(dir?: string): KnowledgeBase {
  const snapshot = packagedSnapshot(dir);
  return snapshot !== undefined ? new KnowledgeBase(snapshot) : validatedKnowledgeBase(dir);
}

let packaged: KnowledgeBase | undefined;

/** The packaged knowledge base, loaded on first use and kept. */
export function defaultKnowledgeBase(): KnowledgeBase {
  packaged ??= loadKnowledgeBaseSync();
  return packaged;
}
