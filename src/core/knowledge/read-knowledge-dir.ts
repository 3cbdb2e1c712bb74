/** Reads every knowledge file under a directory into memory (the only file I/O of the core). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const KNOWLEDGE_FILE = /\.(md|ya?ml|tsv)$/;

/** The knowledge/ directory shipped with the package (works from src/ and from dist/). */
export const DEFAULT_KNOWLEDGE_DIR = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'knowledge',
);

/** Returns relative path (always with "/") -> file text, for every knowledge file under `dir`. */
export function readKnowledgeDir(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (current: string): void => {
    for (const dirent of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, dirent.name);
      if (dirent.isDirectory()) walk(path);
      else if (isKnowledgeFile(dirent.name)) {
        files.set(relative(dir, path).split(sep).join('/'), readFileSync(path, 'utf8'));
      }
    }
  };
  walk(dir);
  return files;
}

function isKnowledgeFile(name: string): boolean {
  return KNOWLEDGE_FILE.test(name) && name !== 'README.md';
}

/** A knowledge file's relative path (with "/"), size and status-change time, as stat() tells them. */
export interface KnowledgeFileStat {
  file: string;
  size: number;
  /** Set to the clock by every write, rename or chmod; unlike the mtime, no tool can set it. */
  ctimeMs: number;
}

/** The same files readKnowledgeDir reads, stat()ed only, sorted by path. */
export function statKnowledgeDir(dir: string): KnowledgeFileStat[] {
  const stats: KnowledgeFileStat[] = [];
  // Relative paths are built as the walk goes: this runs at every start from the snapshot.
  const walk = (current: string, prefix: string): void => {
    for (const dirent of readdirSync(current, { withFileTypes: true })) {
      const path = join(current, dirent.name);
      if (dirent.isDirectory()) walk(path, `${prefix}${dirent.name}/`);
      else if (isKnowledgeFile(dirent.name)) {
        const { size, ctimeMs } = statSync(path);
        stats.push({ file: `${prefix}${dirent.name}`, size, ctimeMs });
      }
    }
  };
  walk(dir, '');
  return stats.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
