/**
 * The knowledge base compiled at build time: `npm run build` validates
 * knowledge/ with the loader (load-knowledge.ts) and writes what it returned
 * as one JSON file, dist/knowledge.snapshot.json. A process started from
 * dist/ then reads that file and parses it, without the YAML parser, the
 * Markdown reader or the schemas (about 6 ms for 700 KB, where importing
 * those modules and validating costs 150 ms and more). JSON rather than a
 * generated module: JSON.parse of the file measured 5.7-5.9 ms, importing the
 * same data as an ES module 8.7-15 ms.
 *
 * The snapshot stands for the packaged knowledge/ only while that folder
 * holds what it was built from; someone who edits a file without rebuilding
 * gets the validated load, with the edit. It records every knowledge file's
 * path, size and ctime, and a SHA-256 of their contents. At start the folder
 * is stat()ed (about 1.5 ms for the ~160 files): another set of paths or
 * sizes means stale; the same paths, sizes and ctimes mean fresh. The ctime,
 * not the mtime: any write or rename sets it to the clock, and no tool can set
 * it back (`touch -r` can forge an mtime), so an unchanged ctime means an
 * unchanged file. When only ctimes differ (a fresh checkout, an npm install,
 * a Docker COPY) the contents are hashed (about 6 ms) to tell a copy from an
 * edit. Hashing on every start would be as correct, 4-5 ms slower on the
 * common path.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadedKnowledge } from './load-knowledge.js';
import {
  DEFAULT_KNOWLEDGE_DIR,
  type KnowledgeFileStat,
  statKnowledgeDir,
} from './read-knowledge-dir.js';

/** Bumped when the snapshot's shape changes, so a file written by another build is ignored. */
export const SNAPSHOT_FORMAT = 1;

/** dist/knowledge.snapshot.json beside dist/cli.js; under src/ (tsx) no such file exists, so the folder is loaded. */
export const SNAPSHOT_FILE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'knowledge.snapshot.json',
);

export interface KnowledgeFingerprint {
  files: KnowledgeFileStat[];
  /** SHA-256 over each file's path, length and bytes, in path order. */
  sha256: string;
}

export interface KnowledgeSnapshot {
  format: number;
  fingerprint: KnowledgeFingerprint;
  knowledge: LoadedKnowledge;
}

/**
 * node:crypto is loaded only when a file's ctime changed (a checkout, an
 * edit): every command checks the snapshot, and loading it costs a cold
 * command ~5 ms.
 */
function contentHash(dir: string, files: readonly KnowledgeFileStat[]): string {
  const { createHash } = createRequire(import.meta.url)(
    'node:crypto',
  ) as typeof import('node:crypto');
  const hash = createHash('sha256');
  for (const { file } of files) {
    const bytes = readFileSync(join(dir, file));
    hash.update(`${file}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

/** What a knowledge folder holds now, as the snapshot records it. */
export function fingerprintKnowledge(dir: string): KnowledgeFingerprint {
  const files = statKnowledgeDir(dir);
  return { files, sha256: contentHash(dir, files) };
}

/** Whether `dir` still holds what `fingerprint` was taken from (see the header for the two steps). */
export function holdsSameKnowledge(fingerprint: KnowledgeFingerprint, dir: string): boolean {
  const now = statKnowledgeDir(dir);
  if (now.length !== fingerprint.files.length) return false;
  let touched = false;
  for (const [index, stat] of now.entries()) {
    const then = fingerprint.files[index];
    if (then === undefined || then.file !== stat.file || then.size !== stat.size) return false;
    if (then.ctimeMs !== stat.ctimeMs) touched = true;
  }
  return !touched || contentHash(dir, now) === fingerprint.sha256;
}

/** The snapshot of validated knowledge; take `fingerprint` before reading the files, so an edit made meanwhile makes it stale. */
export function createSnapshot(
  knowledge: LoadedKnowledge,
  fingerprint: KnowledgeFingerprint,
): KnowledgeSnapshot {
  return { format: SNAPSHOT_FORMAT, fingerprint, knowledge };
}

/**
 * The validated knowledge of `dir` from the snapshot `file`, or undefined
 * when there is no usable snapshot (missing, unreadable, another format) or
 * `dir` changed since it was written: the caller then loads `dir` itself.
 */
export function readFreshSnapshot(
  dir: string = DEFAULT_KNOWLEDGE_DIR,
  file: string = SNAPSHOT_FILE,
): LoadedKnowledge | undefined {
  let snapshot: Partial<KnowledgeSnapshot>;
  try {
    snapshot = JSON.parse(readFileSync(file, 'utf8')) as Partial<KnowledgeSnapshot>;
  } catch {
    return undefined;
  }
  if (snapshot.format !== SNAPSHOT_FORMAT || !snapshot.fingerprint || !snapshot.knowledge)
    return undefined;
  try {
    return holdsSameKnowledge(snapshot.fingerprint, dir) ? snapshot.knowledge : undefined;
  } catch {
    // The folder cannot be read: the validated load reports that properly.
    return undefined;
  }
}

/**
 * The snapshot's knowledge when `dir` is the packaged folder (or not given)
 * and unchanged since the build; undefined for any other folder, which is
 * always loaded with validation.
 */
export function packagedSnapshot(dir?: string): LoadedKnowledge | undefined {
  if (dir !== undefined && resolve(dir) !== DEFAULT_KNOWLEDGE_DIR) return undefined;
  return readFreshSnapshot();
}
