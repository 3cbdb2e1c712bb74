/**
 * A note, kept outside the package, of a knowledge folder whose files were
 * hashed and found to hold what the snapshot was built from although their
 * ctimes are not the build's.
 *
 * Why (issue 13): an installed copy never has the build's ctimes (npm
 * install writes every file anew, and so does pulling a container image
 * onto another host), so without the note every command hashed every
 * knowledge file again: about 10 ms a command, measured on an installed
 * tarball. The note records the files' paths, sizes and ctimes as they
 * were when their contents hashed the same, and the snapshot's hash. Any
 * later write to a file sets its ctime, so an edit no longer matches the
 * note and the files are hashed again. The caller says where the note goes
 * (the CLI: the user's cache folder); a note that cannot be read or written
 * only means hashing, as without one.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KnowledgeFileStat } from './read-knowledge-dir.js';

export interface VerifiedNote {
  /** The snapshot's hash of the contents (its fingerprint's sha256). */
  sha256: string;
  /** The knowledge folder, absolute. */
  dir: string;
  /** Its files as stat() saw them when they hashed to `sha256`. */
  files: KnowledgeFileStat[];
}

/** The note at `path`, or undefined when there is none or it is not one. */
export function readVerifiedNote(path: string): VerifiedNote | undefined {
  let note: unknown;
  try {
    note = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof note !== 'object' || note === null) return undefined;
  const { sha256, dir, files } = note as Partial<VerifiedNote>;
  if (typeof sha256 !== 'string' || typeof dir !== 'string' || !Array.isArray(files))
    return undefined;
  // Each file as stat() gives it: anything else is no note (and the files are hashed again).
  const isStat = (f: unknown): f is KnowledgeFileStat =>
    typeof f === 'object' &&
    f !== null &&
    typeof (f as KnowledgeFileStat).file === 'string' &&
    typeof (f as KnowledgeFileStat).size === 'number' &&
    typeof (f as KnowledgeFileStat).ctimeMs === 'number';
  if (!files.every(isStat)) return undefined;
  return { sha256, dir, files };
}

/** Writes the note (whole or not at all); a folder that cannot be written to is left alone. */
export function writeVerifiedNote(path: string, note: VerifiedNote): void {
  const partial = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(partial, JSON.stringify(note));
    renameSync(partial, path);
  } catch {
    // No note: the next command hashes again.
  }
}

/** Whether `note` vouches for `dir` holding `sha256` with exactly the files `now`. */
export function noteVouches(
  note: VerifiedNote | undefined,
  sha256: string,
  dir: string,
  now: readonly KnowledgeFileStat[],
): boolean {
  if (note === undefined || note.sha256 !== sha256 || note.dir !== dir) return false;
  if (note.files.length !== now.length) return false;
  return now.every((stat, index) => {
    const noted = note.files[index];
    return (
      noted !== undefined &&
      noted.file === stat.file &&
      noted.size === stat.size &&
      noted.ctimeMs === stat.ctimeMs
    );
  });
}
