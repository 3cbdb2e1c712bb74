/**
 * The build's knowledge snapshot (src/core/knowledge/knowledge-snapshot.ts):
 * a knowledge base read back from it answers exactly like one loaded and
 * validated from knowledge/, and a snapshot stops being used the moment the
 * folder it was built from changes.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explain } from '../../../src/core/explain/explain.js';
import type { CodeEntry } from '../../../src/core/knowledge/entry-types.js';
import { KnowledgeBase } from '../../../src/core/knowledge/knowledge-base.js';
import { KnowledgeValidationError } from '../../../src/core/knowledge/knowledge-error.js';
import {
  fingerprintKnowledge,
  packagedSnapshot,
  readFreshSnapshot,
  SNAPSHOT_FORMAT,
  snapshotText,
} from '../../../src/core/knowledge/knowledge-snapshot.js';
import { type LoadedKnowledge, loadKnowledge } from '../../../src/core/knowledge/load-knowledge.js';
import { loadKnowledgeBase } from '../../../src/core/knowledge/load-knowledge-base.js';
import {
  DEFAULT_KNOWLEDGE_DIR,
  readKnowledgeDir,
  statKnowledgeDir,
} from '../../../src/core/knowledge/read-knowledge-dir.js';
import { readVerifiedNote } from '../../../src/core/knowledge/verified-note.js';
import { renderJson } from '../../../src/core/render/json.js';
import { renderText } from '../../../src/core/render/text.js';
import { realKnowledge } from '../../helpers/knowledge.js';

const scratch = mkdtempSync(join(tmpdir(), 'sip-triage-snapshot-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let packagedKnowledge: LoadedKnowledge | undefined;

/**
 * Writes the snapshot of `dir` to `file`, as the build does. Copies of
 * knowledge/ share the packaged folder's validated entries: validating each
 * copy again would only repeat the same half second.
 */
function writeSnapshot(dir: string, file: string): void {
  const fingerprint = fingerprintKnowledge(dir);
  packagedKnowledge ??= loadKnowledge(readKnowledgeDir(DEFAULT_KNOWLEDGE_DIR));
  writeFileSync(file, snapshotText(packagedKnowledge, fingerprint));
}

describe('a knowledge base from the snapshot', () => {
  const file = join(scratch, 'packaged.snapshot.json');
  let validated: KnowledgeBase;
  let fromSnapshot: KnowledgeBase;

  beforeAll(() => {
    writeSnapshot(DEFAULT_KNOWLEDGE_DIR, file);
    const loaded = readFreshSnapshot(DEFAULT_KNOWLEDGE_DIR, file);
    if (loaded === undefined) throw new Error('the snapshot just written was not used');
    validated = realKnowledge();
    fromSnapshot = new KnowledgeBase(loaded);
  });

  /** Every lookup kind, for every entry, and search: the cards must not differ at all. */
  function queries(): string[] {
    const kb = validated;
    const mappingsNames = kb
      .allCauses()
      .flatMap((c) => [
        kb.mappings.forCause(c.cause).freeswitchName,
        ...kb.mappings.forCause(c.cause).asteriskNames,
      ])
      .filter((n): n is string => n !== undefined);
    return [
      ...kb.allCodes().map((c) => String(c.code)),
      ...kb.allClasses().map((c) => c.class),
      ...kb.allCauses().map((c) => `q850 ${c.cause}`),
      ...kb.allWarnings().map((w) => `warning ${w.code}`),
      ...kb.allFreeswitchCauses().map((c) => c.name),
      ...mappingsNames,
      ...kb.allFindings().map((f) => f.title),
      // Class fallbacks, out of range, ranked search, typos, nothing found, empty.
      '499',
      '299',
      '700',
      'too many hops',
      'forbiden',
      'busy',
      'no answer',
      'codec mismatch',
      'registration expired',
      'srtp',
      'q850',
      'xyzzy plugh',
      '',
    ];
  }

  it('gives the same card for every code, class, cause, warning, vendor name and search', () => {
    const all = queries();
    expect(all.length).toBeGreaterThan(300);
    for (const query of all) {
      const expected = explain(query, validated);
      const actual = explain(query, fromSnapshot);
      expect(actual, query).toEqual(expected);
      expect(renderJson(actual), query).toBe(renderJson(expected));
      expect(renderText(actual, { width: 100 }), query).toBe(renderText(expected, { width: 100 }));
    }
  });

  it('holds the same entries, mappings, checklists, findings and word suggestions', () => {
    expect(fromSnapshot.registry).toEqual(validated.registry);
    expect(fromSnapshot.allCodes()).toEqual(validated.allCodes());
    expect(fromSnapshot.allFindings()).toEqual(validated.allFindings());
    for (const code of validated.registry.map((r) => r.code))
      expect(fromSnapshot.mappings.forSipCode(code), String(code)).toEqual(
        validated.mappings.forSipCode(code),
      );
    for (let cause = 0; cause < 128; cause++)
      expect(fromSnapshot.mappings.forCause(cause)).toEqual(validated.mappings.forCause(cause));
    for (const id of ['general', 'registration', 'no-such-list'])
      expect(fromSnapshot.checklist(id)).toEqual(validated.checklist(id));
    for (const word of ['forbiden', 'regstration', 'timout', 'xyzzy'])
      expect(fromSnapshot.suggestWords(word)).toEqual(validated.suggestWords(word));
  });
});

describe('the snapshot file', () => {
  const file = join(scratch, 'layout.snapshot.json');

  it('is ASCII, every other character written as a JSON escape, and reads back the same text', () => {
    writeSnapshot(DEFAULT_KNOWLEDGE_DIR, file);
    const packaged = packagedKnowledge as LoadedKnowledge;
    // The knowledge holds characters past ASCII (section signs); add some past Latin-1 too,
    // which the file must not turn into the bytes of their escapes or of their UTF-8.
    const [first, ...rest] = packaged.codes;
    const codes = [{ ...(first as CodeEntry), summary: `${first?.summary} → 日本 😀 §` }, ...rest];
    const knowledge = { ...packaged, codes };
    writeFileSync(file, snapshotText(knowledge, fingerprintKnowledge(DEFAULT_KNOWLEDGE_DIR)));
    expect(readFileSync(file).every((byte) => byte < 0x80)).toBe(true);
    const loaded = readFreshSnapshot(DEFAULT_KNOWLEDGE_DIR, file);
    if (loaded === undefined) throw new Error('the snapshot just written was not used');
    const fromSnapshot = new KnowledgeBase(loaded);
    expect(fromSnapshot.code(first?.code ?? 0)?.summary).toMatch(/→ 日本 😀 §$/);
    expect(fromSnapshot.allCodes()).toEqual(codes);
    expect(fromSnapshot.allFindings()).toEqual(packaged.findings);
    expect(fromSnapshot.allClasses()).toEqual(packaged.classes);
  });

  it('makes a code entry only when it is asked for, and then the same object each time', () => {
    writeSnapshot(DEFAULT_KNOWLEDGE_DIR, file);
    const loaded = readFreshSnapshot(DEFAULT_KNOWLEDGE_DIR, file);
    if (loaded === undefined) throw new Error('the snapshot just written was not used');
    const parse = JSON.parse;
    const parsed: string[] = [];
    JSON.parse = ((text: string, reviver?: Parameters<typeof parse>[1]) => {
      parsed.push(text);
      return parse(text, reviver);
    }) as typeof JSON.parse;
    try {
      const kb = new KnowledgeBase(loaded);
      const card = explain('403', kb);
      expect(card.title).toMatch(/403/);
      expect(kb.code(403)).toBe(kb.code(403));
    } finally {
      JSON.parse = parse;
    }
    // The 403 entry and the few it names, not the 75 codes and 67 findings.
    expect(parsed.some((text) => text.startsWith('{"code":403'))).toBe(true);
    expect(parsed.length).toBeGreaterThan(0);
    expect(parsed.length).toBeLessThan(20);
  });
});

describe('a stale snapshot is not used', () => {
  let dir: string;
  let file: string;
  let run = 0;

  beforeAll(() => {
    dir = join(scratch, 'knowledge');
    file = join(scratch, 'copy.snapshot.json');
  });

  /** A fresh copy of knowledge/ with its own snapshot, for each case. */
  function freshCopy(): void {
    run += 1;
    dir = join(scratch, `knowledge-${run}`);
    file = join(scratch, `copy-${run}.snapshot.json`);
    cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
    writeSnapshot(dir, file);
    expect(readFreshSnapshot(dir, file)).toBeDefined();
  }

  it('is used when the files were only touched or copied (their contents are hashed then)', () => {
    freshCopy();
    const path = join(dir, 'codes/403.md');
    const later = new Date(statSync(path).mtimeMs + 60_000);
    utimesSync(path, later, later);
    writeFileSync(join(dir, 'q850.yaml'), readFileSync(join(dir, 'q850.yaml')));
    expect(readFreshSnapshot(dir, file)).toBeDefined();
    // A copy of the folder: every status-change time differs, the contents do not.
    const copy = `${dir}-copy`;
    cpSync(dir, copy, { recursive: true });
    expect(readFreshSnapshot(copy, file)).toBeDefined();
  });

  it('is ignored after an edit that keeps the size', () => {
    freshCopy();
    const path = join(dir, 'codes/403.md');
    const text = readFileSync(path, 'utf8');
    const edited = text.replace('refuses', 'REFUSES');
    expect(edited).not.toBe(text);
    expect(edited.length).toBe(text.length);
    writeFileSync(path, edited);
    expect(readFreshSnapshot(dir, file)).toBeUndefined();
  });

  it('is ignored after an edit that keeps the size and the modification time', () => {
    freshCopy();
    const path = join(dir, 'q850.yaml');
    const { atime, mtime } = statSync(path);
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(/normal/i, (w) => w.toUpperCase()),
    );
    utimesSync(path, atime, mtime);
    // Same size, same mtime (as `touch -r` leaves it): the ctime still moved.
    expect(Math.abs(statSync(path).mtimeMs - mtime.getTime())).toBeLessThan(1);
    expect(readFreshSnapshot(dir, file)).toBeUndefined();
  });

  it('is ignored when a file grows, is added or is removed', () => {
    freshCopy();
    writeFileSync(
      join(dir, 'codes/404.md'),
      `${readFileSync(join(dir, 'codes/404.md'), 'utf8')}\n`,
    );
    expect(readFreshSnapshot(dir, file)).toBeUndefined();

    freshCopy();
    writeFileSync(join(dir, 'checklists/extra.md'), '---\nid: extra\n---\n');
    expect(readFreshSnapshot(dir, file)).toBeUndefined();

    freshCopy();
    unlinkSync(join(dir, 'codes/404.md'));
    expect(readFreshSnapshot(dir, file)).toBeUndefined();
  });

  it('is ignored when it is missing, not JSON, of another format or cut short', () => {
    freshCopy();
    expect(readFreshSnapshot(dir, join(scratch, 'no-such.json'))).toBeUndefined();
    writeFileSync(file, '{"format":');
    expect(readFreshSnapshot(dir, file)).toBeUndefined();
    writeFileSync(file, '{"format":2}');
    expect(readFreshSnapshot(dir, file)).toBeUndefined();
    writeSnapshot(dir, file);
    const text = readFileSync(file, 'latin1');
    const newline = text.indexOf('\n');
    const header = JSON.parse(text.slice(0, newline)) as { format: number };
    const entries = text.slice(newline);
    writeFileSync(file, JSON.stringify({ ...header, format: SNAPSHOT_FORMAT + 1 }) + entries);
    expect(readFreshSnapshot(dir, file)).toBeUndefined();
    // A build stopped while writing it (a full disk): the entries' texts end early.
    writeFileSync(file, text.slice(0, text.length - 100));
    expect(readFreshSnapshot(dir, file)).toBeUndefined();
    writeFileSync(file, text);
    expect(readFreshSnapshot(dir, file)).toBeDefined();
  });

  it('never stands for another folder (an operator KNOWLEDGE_DIR)', () => {
    freshCopy();
    expect(packagedSnapshot(dir)).toBeUndefined();
  });
});

describe('loadKnowledgeBase on another folder', () => {
  it('validates it: an invalid entry fails with the validation error', async () => {
    const dir = join(scratch, 'invalid');
    cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
    const path = join(dir, 'codes/403.md');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^phrase: .*$/m, 'phrase: X'));
    const failure = await loadKnowledgeBase(dir).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(KnowledgeValidationError);
    expect((failure as Error).message).toMatch(/codes\/403\.md: phrase/);
  });

  it('loads a valid copy with its edits', async () => {
    const dir = join(scratch, 'edited');
    cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
    const path = join(dir, 'codes/403.md');
    writeFileSync(path, readFileSync(path, 'utf8').replace('refuses', 'turns you down'));
    const kb = await loadKnowledgeBase(dir);
    expect(kb.code(403)?.summary).toContain('turns you down');
  });
});

describe("a note of an installed copy's knowledge, verified by hashing (verified-note.ts)", () => {
  let run = 0;
  /** A copy of knowledge/ (new ctimes), a snapshot of the original, and where the note goes. */
  function installedCopy(): { dir: string; file: string; note: string } {
    run += 1;
    const original = join(scratch, `noted-original-${run}`);
    cpSync(DEFAULT_KNOWLEDGE_DIR, original, { recursive: true });
    const file = join(scratch, `noted-${run}.snapshot.json`);
    writeSnapshot(original, file);
    const dir = join(scratch, `noted-installed-${run}`);
    cpSync(original, dir, { recursive: true });
    const cache = join(scratch, `cache-${run}`, 'sip-triage');
    mkdirSync(cache, { recursive: true });
    return { dir, file, note: join(cache, 'verified.json') };
  }
  const shaOf = (file: string): string =>
    (JSON.parse(readFileSync(file, 'latin1').split('\n', 1)[0] ?? '{}') as SnapshotHeaderLike)
      .fingerprint.sha256;
  interface SnapshotHeaderLike {
    fingerprint: { sha256: string };
  }

  it('is written once the hash matches, with the files as they are, and vouches for them after', () => {
    const { dir, file, note } = installedCopy();
    expect(readFreshSnapshot(dir, file, note)).toBeDefined();
    const written = readVerifiedNote(note);
    expect(written?.sha256).toBe(shaOf(file));
    expect(written?.dir).toBe(dir);
    const codes = written?.files.find((f) => f.file === 'codes/403.md');
    expect(codes?.ctimeMs).toBe(statSync(join(dir, 'codes/403.md')).ctimeMs);
    expect(readFreshSnapshot(dir, file, note)).toBeDefined();
  });

  it('is taken at its word: a note that vouches for the files as they are now skips the hash', () => {
    const { dir, file, note } = installedCopy();
    const path = join(dir, 'codes/403.md');
    writeFileSync(path, readFileSync(path, 'utf8').replace('still refuses', 'still rejects'));
    expect(readFreshSnapshot(dir, file, note)).toBeUndefined();
    // A note (as if hashed before the edit) naming the files as they are after it.
    const now = statKnowledgeDir(dir);
    writeFileSync(note, JSON.stringify({ sha256: shaOf(file), dir, files: now }));
    expect(readFreshSnapshot(dir, file, note)).toBeDefined();
  });

  it('no longer vouches after an edit: the files are hashed again, and noted again once they match', () => {
    const { dir, file, note } = installedCopy();
    expect(readFreshSnapshot(dir, file, note)).toBeDefined();
    const path = join(dir, 'codes/403.md');
    const original = readFileSync(path, 'utf8');
    writeFileSync(path, original.replace('still refuses', 'still rejects'));
    expect(readFreshSnapshot(dir, file, note)).toBeUndefined();
    writeFileSync(path, original);
    expect(readFreshSnapshot(dir, file, note)).toBeDefined();
    const noted = readVerifiedNote(note)?.files.find((f) => f.file === 'codes/403.md');
    expect(noted?.ctimeMs).toBe(statSync(path).ctimeMs);
  });

  it('is not trusted for another snapshot or another folder, and is rewritten then', () => {
    const { dir, file, note } = installedCopy();
    const now = statKnowledgeDir(dir);
    writeFileSync(note, JSON.stringify({ sha256: 'not-this-snapshot', dir, files: now }));
    expect(readFreshSnapshot(dir, file, note)).toBeDefined();
    expect(readVerifiedNote(note)?.sha256).toBe(shaOf(file));
    writeFileSync(
      note,
      JSON.stringify({ sha256: shaOf(file), dir: `${dir}-elsewhere`, files: now }),
    );
    expect(readFreshSnapshot(dir, file, note)).toBeDefined();
    expect(readVerifiedNote(note)?.dir).toBe(dir);
  });

  it('cannot be written (its folder is a file): the snapshot is still used, and nothing throws', () => {
    const { dir, file } = installedCopy();
    const blocker = join(scratch, `blocker-${run}`);
    writeFileSync(blocker, 'not a folder');
    expect(readFreshSnapshot(dir, file, join(blocker, 'verified.json'))).toBeDefined();
    writeFileSync(join(scratch, `garbled-${run}.json`), '{ not json');
    expect(readFreshSnapshot(dir, file, join(scratch, `garbled-${run}.json`))).toBeDefined();
  });

  it('whose files are not stat records is no note: the files are hashed, and the snapshot used', () => {
    const { dir, file, note } = installedCopy();
    expect(readFreshSnapshot(dir, file, note)).toBeDefined();
    // The note just written, with one file's record replaced by something else.
    const written = JSON.parse(readFileSync(note, 'utf8')) as { files: unknown[] };
    written.files[0] = null;
    writeFileSync(note, JSON.stringify(written));
    expect(readVerifiedNote(note)).toBeUndefined();
    expect(readFreshSnapshot(dir, file, note)).toBeDefined();
  });
});
