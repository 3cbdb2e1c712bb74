import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const coreDir = fileURLToPath(new URL('../../src/core/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory()
      ? sourceFiles(join(dir, d.name))
      : d.name.endsWith('.ts')
        ? [join(dir, d.name)]
        : [],
  );
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
function importsOf(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/\b(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\s*['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...source.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return specifiers.map((m) => m[1] ?? '');
}

describe('the core stays platform-free', () => {
  const files = sourceFiles(coreDir);

  it('finds the core sources', () => {
    expect(files.length).toBeGreaterThan(15);
  });

  it.each(files.map((f) => [relative(coreDir, f), f]))(
    '%s imports no platform SDK and no adapter',
    (_name, file) => {
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        expect(specifier).not.toMatch(/^@slack\/|^discord\.js|^@discordjs\//);
        expect(specifier).not.toMatch(/adapters\/|\.\.\/(cli|main|config)\b/);
      }
    },
  );

  it('the import scanner really sees imports (guards the guard)', () => {
    expect(
      importsOf(
        "import { App } from '@slack/bolt';\nexport * from 'discord.js';\nawait import('@discordjs/rest');",
      ),
    ).toEqual(['@slack/bolt', 'discord.js', '@discordjs/rest']);
  });
});
