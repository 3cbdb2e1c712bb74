import { describe, expect, it } from 'vitest';
import { KnowledgeValidationError } from '../../../src/core/knowledge/knowledge-error.js';
import { loadKnowledge } from '../../../src/core/knowledge/load-knowledge.js';
import { realKnowledgeFiles } from '../../helpers/knowledge.js';

/** Loads the real files with one change applied and returns the problems reported. */
function problemsAfter(change: (files: Map<string, string>) => void) {
  const files = realKnowledgeFiles();
  change(files);
  try {
    loadKnowledge(files);
  } catch (error) {
    if (error instanceof KnowledgeValidationError) return error.problems;
    throw error;
  }
  return [];
}

const edit = (
  files: Map<string, string>,
  file: string,
  from: string | RegExp,
  to: string,
): void => {
  const text = files.get(file);
  if (text === undefined) throw new Error(`no ${file}`);
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`edit did not apply to ${file}`);
  files.set(file, changed);
};

describe('loadKnowledge', () => {
  it('loads the real knowledge base without problems', () => {
    expect(problemsAfter(() => {})).toEqual([]);
  });

  it('names the file and field of a wrong front-matter value', () => {
    const problems = problemsAfter((f) =>
      edit(f, 'codes/403.md', /^sentBy: .*$/m, 'sentBy: [telepathy]'),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'codes/403.md', field: 'sentBy[0]' });
  });

  it('names the section when an incident code has too few root causes', () => {
    const problems = problemsAfter((f) =>
      edit(
        f,
        'codes/503.md',
        /## Common root causes[\s\S]*?(?=\n## )/,
        '## Common root causes\n- **Only one.** Not enough for an incident code.\n',
      ),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        file: 'codes/503.md',
        field: 'causes (section "## Common root causes")',
        message: expect.stringMatching(/at least 4/),
      }),
    );
  });

  it('reports a missing registered code, a bad related code and a renamed file together', () => {
    const problems = problemsAfter((files) => {
      files.delete('codes/604.md');
      edit(files, 'codes/486.md', /^related: \[.*\]$/m, 'related: [600, 499]');
      const text = files.get('codes/100.md') ?? '';
      files.delete('codes/100.md');
      files.set('codes/101.md', text);
    });
    const summary = problems.map((p) => `${p.file} ${p.field}`);
    expect(summary).toContain('codes/604.md ');
    expect(summary).toContain('codes/486.md related[1]');
    expect(summary).toContain('codes/101.md code');
  });

  it('rejects an unknown section heading and says which line', () => {
    const problems = problemsAfter((f) => edit(f, 'codes/486.md', '## Notes', '## Trivia'));
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'codes/486.md',
        field: expect.stringMatching(/^line \d+$/),
        message: expect.stringContaining('Trivia'),
      }),
    ]);
  });

  it('names the YAML file and path of a bad Q.850 or warning entry', () => {
    const problems = problemsAfter((f) => {
      edit(f, 'q850.yaml', /cause: 34\n/, 'cause: 340\n');
      edit(f, 'warnings.yaml', /rfc: RFC 3261/, 'rfc: rfc3261');
    });
    expect(problems).toContainEqual(
      expect.objectContaining({
        file: 'q850.yaml',
        field: expect.stringMatching(/^causes\[\d+\]\.cause$/),
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'warnings.yaml', field: 'warnings[0].rfc' }),
    );
  });

  it('reports broken YAML front matter instead of throwing something else', () => {
    const problems = problemsAfter((f) =>
      edit(f, 'codes/486.md', 'phrase: Busy Here', 'phrase: [Busy Here'),
    );
    expect(problems[0]).toMatchObject({ file: 'codes/486.md', field: '' });
    expect(problems[0]?.message).toMatch(/YAML/);
  });

  it('puts every problem in the error message', () => {
    const files = realKnowledgeFiles();
    files.delete('classes/5xx.md');
    expect(() => loadKnowledge(files)).toThrow(/classes\/5xx\.md: file is missing/);
  });
});
