/**
 * The snapshot file read as far as a command needs it
 * (src/core/knowledge/snapshot-file.ts): the header line, then entry texts by
 * their place; every entry at once when all are asked for, after which the
 * file is no longer needed; a file cut shorter than it was fails the read
 * with a SnapshotReadError instead of answering with part of an entry.
 */
import { mkdtempSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type EntrySpan, EntryTexts } from '../../../src/core/knowledge/entry-list.js';
import { SnapshotFile, SnapshotReadError } from '../../../src/core/knowledge/snapshot-file.js';

const scratch = mkdtempSync(join(tmpdir(), 'sip-triage-snapshot-file-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Entry {
  code: number;
  phrase: string;
}

const entries: Entry[] = [
  { code: 403, phrase: 'Forbidden' },
  { code: 486, phrase: 'Busy Here' },
  { code: 503, phrase: 'Service Unavailable' },
];

let files = 0;

/** A file laid out as the build writes a snapshot: a header line (padded to `headerBytes`), then the texts. */
function writeSnapshot(headerBytes = 40): { file: string; spans: EntrySpan<number>[] } {
  let body = '';
  const spans: EntrySpan<number>[] = entries.map((entry) => {
    const text = JSON.stringify(entry);
    body += text;
    return [entry.code, body.length - text.length, text.length];
  });
  const header = JSON.stringify({ pad: 'x'.repeat(Math.max(0, headerBytes - 12)) });
  const file = join(scratch, `snapshot-${++files}.json`);
  writeFileSync(file, `${header}\n${body}`, 'latin1');
  return { file, spans };
}

describe('SnapshotFile', () => {
  it('reads the header line, then each entry by its place, and every entry at once for all()', () => {
    const { file, spans } = writeSnapshot();
    const snapshot = SnapshotFile.open(file);
    expect(snapshot).toBeDefined();
    if (snapshot === undefined) return;
    expect(JSON.parse(snapshot.header)).toHaveProperty('pad');
    const list = new EntryTexts<number, Entry>(snapshot, spans);
    expect(list.get(486)).toEqual({ code: 486, phrase: 'Busy Here' });
    expect(list.all()).toEqual(entries);
    // Everything is in memory now: the file may go.
    unlinkSync(file);
    expect(list.get(503)?.phrase).toBe('Service Unavailable');
  });

  it('finds a header longer than one read (the real one is about 100 KB)', () => {
    const { file, spans } = writeSnapshot(300 * 1024);
    const snapshot = SnapshotFile.open(file);
    expect(snapshot?.header.length).toBeGreaterThan(300 * 1024 - 20);
    if (snapshot === undefined) return;
    expect(new EntryTexts<number, Entry>(snapshot, spans).get(403)?.phrase).toBe('Forbidden');
    expect(snapshot.entriesLength).toBe(spans.reduce((sum, [, , length]) => sum + length, 0));
  });

  it('is no snapshot when the file is missing, empty, or has no line end', () => {
    expect(SnapshotFile.open(join(scratch, 'missing.json'))).toBeUndefined();
    const empty = join(scratch, 'empty.json');
    writeFileSync(empty, '');
    expect(SnapshotFile.open(empty)).toBeUndefined();
    const oneLine = join(scratch, 'one-line.json');
    writeFileSync(oneLine, '{"format":2}');
    expect(SnapshotFile.open(oneLine)).toBeUndefined();
  });

  it('fails an entry read with SnapshotReadError when the file was cut in place after it was opened', () => {
    const { file, spans } = writeSnapshot();
    const snapshot = SnapshotFile.open(file);
    if (snapshot === undefined) throw new Error('not opened');
    const list = new EntryTexts<number, Entry>(snapshot, spans);
    expect(list.get(403)?.phrase).toBe('Forbidden');
    truncateSync(file, snapshot.header.length + 5);
    expect(() => list.get(503)).toThrow(SnapshotReadError);
    expect(() => list.get(503)).toThrow(/changed while it was in use; restart sip-triage/);
    // What was read before is kept.
    expect(list.get(403)?.phrase).toBe('Forbidden');
  });
});
