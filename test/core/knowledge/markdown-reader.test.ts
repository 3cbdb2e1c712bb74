import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  markdownAmbiguities,
  parseMarkdownEntry,
} from '../../../src/core/knowledge/markdown-entry.js';
import { DEFAULT_KNOWLEDGE_DIR } from '../../../src/core/knowledge/read-knowledge-dir.js';
import { runCaptured } from '../../helpers/run-cli.js';

const FRONT = '---\ncode: 1\n---\n';

describe('the knowledge Markdown reader', () => {
  it('keeps a wrapped line that starts with "403." inside its paragraph', () => {
    const entry = parseMarkdownEntry(
      `${FRONT}## Notes\nthe caller sees a 401 loop rather than a\n403. Kamailio drops requests;\nthe sender then sees 408.\n`,
    );
    const [notes] = entry.sections;
    expect(notes?.items).toEqual([]);
    expect(notes?.prose).toBe(
      'the caller sees a 401 loop rather than a 403. Kamailio drops requests; the sender then sees 408.',
    );
    expect(notes?.ambiguities).toEqual([]);
  });

  it('still reads ordered lists, items numbered on inside the list and after a blank line', () => {
    const entry = parseMarkdownEntry(`${FRONT}## Steps\n1. one\n   more\n2. two\n\n3. three\n`);
    expect(entry.sections[0]?.items).toEqual(['one more', 'two', 'three']);
    expect(entry.sections[0]?.ordered).toBe(true);
    expect(entry.sections[0]?.ambiguities).toEqual([]);
  });

  it('flags a list item that interrupts a paragraph and a list that does not count from 1', () => {
    const text = `${FRONT}## Notes\nQ.850 cause\n1. In PBXs it means a lookup failed.\n\n404. RFC 3398 maps it.\n\n## Steps\n1. one\n7. wrapped\n`;
    expect(markdownAmbiguities(text).map((a) => a.line)).toEqual([6, 8, 12]);
  });
});

describe('npm run knowledge:check', () => {
  const run = promisify(execFile);
  const script = join(import.meta.dirname, '../../../scripts/check-knowledge.ts');
  const tsx = join(import.meta.dirname, '../../../node_modules/.bin/tsx');

  it('fires on an entry with a wrapped line read as a list item', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'knowledge-'));
    try {
      cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
      const file = join(dir, 'codes', '485.md');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          /## Notes\n/,
          '## Notes\nA wrapped sentence that ends in the word\n1. Then it goes on.\n\n',
        ),
      );
      const failure = await run(tsx, [script, dir]).then(
        () => undefined,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toMatch(
        /codes\/485\.md: line \d+: a list item interrupts a paragraph/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('explain renders 403 and 485 cleanly', () => {
  it('403 NOTES keep "rather than a 403. Kamailio" in one paragraph, in every format', async () => {
    for (const format of ['text', 'markdown', 'json']) {
      const { code, out } = await runCaptured(['explain', '403', '--format', format]);
      expect(code).toBe(0);
      expect(out.replace(/\s+/g, ' ')).toContain('a 401 loop rather than a 403. Kamailio');
      expect(out).not.toMatch(/^\s*(?:\d+\.|[-•*])\s+Kamailio's default script/m);
    }
  });

  it('485 notes keep "484 or 404. RFC 3398" in one paragraph', async () => {
    for (const format of ['text', 'markdown', 'json']) {
      const { code, out } = await runCaptured(['explain', '485', '--format', format]);
      expect(code).toBe(0);
      expect(out.replace(/\s+/g, ' ')).toContain('484 or 404. RFC 3398 maps it');
      expect(out).not.toMatch(/^\s*(?:\d+\.|[-•*])\s+RFC 3398 maps it/m);
    }
  });
});
