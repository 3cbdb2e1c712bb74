/**
 * How the CLI, the bot and its worker threads get their knowledge base:
 * from the build's snapshot (knowledge-snapshot.ts) when the packaged
 * knowledge/ is unchanged since the build, otherwise by loading and
 * validating the folder, as for an operator's KNOWLEDGE_DIR. The validating
 * loader is imported only then, so a start from the snapshot never loads the
 * YAML parser or the schemas.
 */
import { KnowledgeBase } from './knowledge-base.js';
import { packagedSnapshot } from './knowledge-snapshot.js';

export interface LoadOptions {
  /**
   * Where to keep the note of a packaged knowledge folder found unchanged by
   * hashing although its ctimes are new (an installed copy), so that the next
   * start need not hash it again (verified-note.ts); none: hash every time.
   */
  verifiedNote?: string;
}

/** The knowledge base of `dir` (the packaged one when undefined). Throws KnowledgeValidationError. */
export async function loadKnowledgeBase(
  dir?: string,
  options: LoadOptions = {},
): Promise<KnowledgeBase> {
  const snapshot = packagedSnapshot(dir, options.verifiedNote);
  if (snapshot !== undefined) return new KnowledgeBase(snapshot);
  const { validatedKnowledgeBase } = await import('./validated-knowledge.js');
  return validatedKnowledgeBase(dir);
}
