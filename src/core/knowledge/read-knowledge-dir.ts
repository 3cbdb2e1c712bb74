/** Reads every knowledge file under a directory into memory (the only file I/O of the core). */
import { readdirSync, readFileSync } from 'node:fs';
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
      else if (KNOWLEDGE_FILE.test(dirent.name) && dirent.name !== 'README.md') {
        files.set(relative(dir, path).split(sep).join('/'), readFileSync(path, 'utf8'));
      }
    }
  };
  walk(dir);
  return files;
}
