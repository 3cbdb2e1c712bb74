/**
 * Reads the shape of a knowledge Markdown file: YAML front matter, then
 * `## ` sections whose bodies are prose, lists or fenced code blocks. Only the
 * subset of Markdown the knowledge files use is understood; anything else is
 * kept as prose.
 */
import { parse as parseYaml } from 'yaml';

export interface MarkdownSection {
  heading: string;
  /** Line number (1-based) of the heading, for error messages. */
  line: number;
  prose: string;
  items: string[];
  ordered: boolean;
  code: { language: string; text: string }[];
}

export interface MarkdownEntry {
  frontMatter: unknown;
  sections: MarkdownSection[];
}

export class MarkdownEntryError extends Error {}

/** Splits a knowledge Markdown file into parsed front matter and sections. */
export function parseMarkdownEntry(text: string): MarkdownEntry {
  const source = text.replace(/\r\n?/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(source);
  if (!match)
    throw new MarkdownEntryError('front matter: missing (the file must start with a --- block)');
  let frontMatter: unknown;
  try {
    frontMatter = parseYaml(match[1] ?? '');
  } catch (error) {
    throw new MarkdownEntryError(
      `front matter: invalid YAML (${(error as Error).message.split('\n')[0]})`,
    );
  }
  const bodyStart = source.slice(0, match[0].length).split('\n').length;
  return { frontMatter, sections: parseSections(source.slice(match[0].length), bodyStart) };
}

function parseSections(body: string, firstLine: number): MarkdownSection[] {
  const sections: MarkdownSection[] = [];
  const lines = body.split('\n');
  let current: { heading: string; line: number; lines: string[] } | undefined;
  let inFence = false;
  lines.forEach((line, index) => {
    if (line.startsWith('```')) inFence = !inFence;
    if (!inFence && line.startsWith('## ')) {
      if (current) sections.push(parseSectionBody(current));
      current = { heading: line.slice(3).trim(), line: firstLine + index, lines: [] };
      return;
    }
    current?.lines.push(line);
  });
  if (current) sections.push(parseSectionBody(current));
  return sections;
}

const BULLET = /^[-*] +/;
const NUMBERED = /^\d+[.)] +/;

function parseSectionBody(raw: {
  heading: string;
  line: number;
  lines: string[];
}): MarkdownSection {
  const section: MarkdownSection = {
    heading: raw.heading,
    line: raw.line,
    prose: '',
    items: [],
    ordered: false,
    code: [],
  };
  const prose: string[] = [];
  let fence: { language: string; lines: string[] } | undefined;
  let item: string[] | undefined;
  const closeItem = (): void => {
    if (item) section.items.push(item.join(' ').replace(/\s+/g, ' ').trim());
    item = undefined;
  };
  for (const line of raw.lines) {
    if (fence) {
      if (line.startsWith('```')) {
        section.code.push({ language: fence.language, text: fence.lines.join('\n') });
        fence = undefined;
      } else {
        fence.lines.push(line);
      }
      continue;
    }
    if (line.startsWith('```')) {
      closeItem();
      fence = { language: line.slice(3).trim(), lines: [] };
      continue;
    }
    const bullet = BULLET.exec(line) ?? NUMBERED.exec(line);
    if (bullet) {
      closeItem();
      if (NUMBERED.test(line)) section.ordered = true;
      item = [line.slice(bullet[0].length)];
      continue;
    }
    if (item && /^\s+\S/.test(line)) {
      item.push(line.trim());
      continue;
    }
    closeItem();
    prose.push(line);
  }
  closeItem();
  if (fence) section.code.push({ language: fence.language, text: fence.lines.join('\n') });
  section.prose = joinParagraphs(prose);
  return section;
}

/** Re-flows hard-wrapped prose: lines join with a space, blank lines separate paragraphs. */
function joinParagraphs(lines: string[]): string {
  return lines
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}
