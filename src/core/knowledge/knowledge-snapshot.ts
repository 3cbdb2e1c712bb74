/**
 * The knowledge base compiled at build time: `npm run build` validates
 * knowledge/ with the loader (load-knowledge.ts) and writes what it returned
 * as one file, dist/knowledge.snapshot.json. A process started from dist/
 * then reads that file, without the YAML parser, the Markdown reader or the
 * schemas (importing those modules and validating costs 150 ms and more).
 *
 * The file is one line of JSON (the header: everything but the code and
 * finding entries, and where each of those is) followed by those entries'
 * JSON texts, one after the other. A command parses the header and then
 * only the entries it asks for (see entry-list.ts): `explain 403` reads one
 * code entry and a few names, where parsing the whole 720 KB took about 28
 * ms of its start and the header and one entry about 13 (in a fresh process,
 * issue 13). Only those are read from the file, too (snapshot-file.ts).
 * Characters past ASCII are written as JSON escapes, so the file is read as
 * Latin-1, byte for character, with no UTF-8 decoding, and a place in it is
 * the same in bytes and in characters.
 *
 * The snapshot stands for the packaged knowledge/ only while that folder
 * holds what it was built from; someone who edits a file without rebuilding
 * gets the validated load, with the edit. It records every knowledge file's
 * path, size and ctime, and a SHA-256 of their contents. At start the folder
 * is stat()ed (5-7 ms for the ~160 files in a cold process on the bench's
 * machine, whose system calls are slow): another set of paths or
 * sizes means stale; the same paths, sizes and ctimes mean fresh. The ctime,
 * not the mtime: any write or rename sets it to the clock, and no tool can set
 * it back (`touch -r` can forge an mtime), so an unchanged ctime means an
 * unchanged file. When only ctimes differ (a fresh checkout, an npm install,
 * a Docker COPY) the contents are hashed (about 6 ms) to tell a copy from an
 * edit. Hashing on every start would be as correct, 4-5 ms slower on the
 * common path. An installed package (npm install, a container image pulled
 * onto another host) never has the build's ctimes, so there every command
 * hashed: about 10 ms more per command, measured on an npm-installed tarball.
 * A caller that gives a note's path (the CLI: its cache folder) hashes once:
 * verified-note.ts.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EntrySpan, EntryTexts } from './entry-list.js';
import type { CodeEntry, FindingEntry } from './entry-types.js';
import type { KnowledgeEntries } from './knowledge-base.js';
import type { LoadedKnowledge } from './load-knowledge.js';
import {
  DEFAULT_KNOWLEDGE_DIR,
  type KnowledgeFileStat,
  statKnowledgeDir,
} from './read-knowledge-dir.js';
import { SnapshotFile } from './snapshot-file.js';
import { noteVouches, readVerifiedNote, writeVerifiedNote } from './verified-note.js';

/** Bumped when the snapshot's shape changes, so a file written by another build is ignored. */
export const SNAPSHOT_FORMAT = 2;

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

/** The snapshot's first line. */
export interface SnapshotHeader {
  format: number;
  fingerprint: KnowledgeFingerprint;
  /** Everything but the code and finding entries, which follow the header as texts. */
  knowledge: Omit<LoadedKnowledge, 'codes' | 'findings'>;
  /** Where each code's and finding's JSON text is, from the start of the line after the header. */
  codes: EntrySpan<number>[];
  findings: EntrySpan<string>[];
  /** Characters after the header line: a file cut shorter is not used. */
  entriesLength: number;
}

/**
 * node:crypto is loaded only when a file's ctime changed (a checkout, an
 * edit): every command checks the snapshot, and loading it costs a cold
 * command ~5 ms.
 */
function contentHash(dir: string, files: readonly KnowledgeFileStat[]): string {
  const { createHash } = process.getBuiltinModule('node:crypto');
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

/**
 * Whether `dir` still holds what `fingerprint` was taken from (see the header
 * for the two steps). With `notePath`, files whose ctimes alone changed are
 * taken as vouched for by the note there, when it matches them exactly, and a
 * hash that matches is noted there for the next start (verified-note.ts).
 */
export function holdsSameKnowledge(
  fingerprint: KnowledgeFingerprint,
  dir: string,
  notePath?: string,
): boolean {
  const now = statKnowledgeDir(dir);
  if (now.length !== fingerprint.files.length) return false;
  let touched = false;
  for (const [index, stat] of now.entries()) {
    const then = fingerprint.files[index];
    if (then === undefined || then.file !== stat.file || then.size !== stat.size) return false;
    if (then.ctimeMs !== stat.ctimeMs) touched = true;
  }
  if (!touched) return true;
  const folder = resolve(dir);
  if (
    notePath !== undefined &&
    noteVouches(readVerifiedNote(notePath), fingerprint.sha256, folder, now)
  )
    return true;
  const same = contentHash(dir, now) === fingerprint.sha256;
  if (same && notePath !== undefined)
    writeVerifiedNote(notePath, { sha256: fingerprint.sha256, dir: folder, files: now });
  return same;
}

/** `text` with every character past ASCII written as a JSON escape (JSON puts them only inside strings). */
function asciiJson(text: string): string {
  return text.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The snapshot file's text for validated `knowledge`; take `fingerprint`
 * before reading the files, so an edit made meanwhile makes it stale.
 */
export function snapshotText(
  knowledge: LoadedKnowledge,
  fingerprint: KnowledgeFingerprint,
): string {
  const { codes, findings, ...rest } = knowledge;
  const texts: string[] = [];
  let length = 0;
  const place = <K>(key: K, entry: CodeEntry | FindingEntry): EntrySpan<K> => {
    const text = asciiJson(JSON.stringify(entry));
    texts.push(text);
    length += text.length;
    return [key, length - text.length, text.length];
  };
  const header: SnapshotHeader = {
    format: SNAPSHOT_FORMAT,
    fingerprint,
    knowledge: rest,
    codes: codes.map((entry) => place(entry.code, entry)),
    findings: findings.map((entry) => place(entry.id, entry)),
    entriesLength: length,
  };
  return `${asciiJson(JSON.stringify(header))}\n${texts.join('')}`;
}

/**
 * The validated knowledge of `dir` from the snapshot `file`, or undefined
 * when there is no usable snapshot (missing, unreadable, cut short, another
 * format) or `dir` changed since it was written: the caller then loads
 * `dir` itself.
 */
export function readFreshSnapshot(
  dir: string = DEFAULT_KNOWLEDGE_DIR,
  file: string = SNAPSHOT_FILE,
  notePath?: string,
): KnowledgeEntries | undefined {
  const snapshot = SnapshotFile.open(file);
  if (snapshot === undefined) return undefined;
  const knowledge = usableKnowledge(snapshot, dir, notePath);
  if (knowledge === undefined) {
    snapshot.close();
    return undefined;
  }
  return {
    ...knowledge.rest,
    codes: new EntryTexts<number, CodeEntry>(snapshot, knowledge.codes),
    findings: new EntryTexts<string, FindingEntry>(snapshot, knowledge.findings),
  };
}

/** The snapshot's header when it is of this format, whole, and `dir` still holds what it was built from. */
function usableKnowledge(
  snapshot: SnapshotFile,
  dir: string,
  notePath: string | undefined,
):
  | (Pick<SnapshotHeader, 'codes' | 'findings'> & { rest: SnapshotHeader['knowledge'] })
  | undefined {
  let header: Partial<SnapshotHeader>;
  try {
    header = JSON.parse(snapshot.header) as Partial<SnapshotHeader>;
  } catch {
    return undefined;
  }
  const { format, fingerprint, knowledge, codes, findings, entriesLength } = header;
  if (
    format !== SNAPSHOT_FORMAT ||
    !fingerprint ||
    !knowledge ||
    !Array.isArray(codes) ||
    !Array.isArray(findings) ||
    snapshot.entriesLength !== entriesLength
  )
    return undefined;
  try {
    if (!holdsSameKnowledge(fingerprint, dir, notePath)) return undefined;
  } catch {
    // The folder cannot be read: the validated load reports that properly.
    return undefined;
  }
  return { rest: knowledge, codes, findings };
}

/**
 * The snapshot's knowledge when `dir` is the packaged folder (or not given)
 * and unchanged since the build; undefined for any other folder, which is
 * always loaded with validation.
 */
export function packagedSnapshot(dir?: string, notePath?: string): KnowledgeEntries | undefined {
  if (dir !== undefined && resolve(dir) !== DEFAULT_KNOWLEDGE_DIR) return undefined;
  return readFreshSnapshot(DEFAULT_KNOWLEDGE_DIR, SNAPSHOT_FILE, notePath);
}
