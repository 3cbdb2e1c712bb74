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
  /**
   * Lines a reader could take two ways (a wrapped sentence or a list item),
   * with the line number in the file; `npm run knowledge:check` reports them.
   */
  ambiguities: { line: number; message: string }[];
}

export interface MarkdownEntry {
  frontMatter: unknown;
  sections: MarkdownSection[];
}

export class MarkdownEntryError extends Error {}

/** Every ambiguous line of a knowledge Markdown file ("file line N: message" material). */
export function markdownAmbiguities(text: string): { line: number; message: string }[] {
  return parseMarkdownEntry(text).sections.flatMap((s) => s.ambiguities);
}

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

const BULLET = /^[-*] +(?=\S)/;
const NUMBERED = /^(\d{1,9})[.)] +(?=\S)/;

/** What the previous line of a section body was, which decides whether a marker opens an item. */
type LineKind = 'start' | 'blank' | 'paragraph' | 'item' | 'fence';

/**
 * The list marker that opens an item on `line`, if it opens one. As in
 * CommonMark, an ordered item can interrupt a paragraph only when it starts
 * at 1; inside a list any number opens the next item. So a hard-wrapped
 * sentence whose next line happens to start with "403." stays one paragraph.
 */
function listMarker(
  line: string,
  previous: LineKind,
): { length: number; number?: number } | undefined {
  const bullet = BULLET.exec(line);
  if (bullet) return { length: bullet[0].length };
  const numbered = NUMBERED.exec(line);
  if (!numbered) return undefined;
  const number = Number(numbered[1]);
  if (previous === 'paragraph' && number !== 1) return undefined;
  return { length: numbered[0].length, number };
}

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
    ambiguities: [],
  };
  const prose: string[] = [];
  let fence: { language: string; lines: string[] } | undefined;
  let item: string[] | undefined;
  let previous: LineKind = 'start';
  /** The number the next item of the current ordered list should carry. */
  let nextNumber: number | undefined;
  const closeItem = (): void => {
    if (item) section.items.push(item.join(' ').replace(/\s+/g, ' ').trim());
    item = undefined;
  };
  raw.lines.forEach((line, index) => {
    const lineNo = raw.line + 1 + index;
    if (fence) {
      if (line.startsWith('```')) {
        section.code.push({ language: fence.language, text: fence.lines.join('\n') });
        fence = undefined;
        previous = 'fence';
      } else {
        fence.lines.push(line);
      }
      return;
    }
    if (line.startsWith('```')) {
      closeItem();
      fence = { language: line.slice(3).trim(), lines: [] };
      nextNumber = undefined;
      return;
    }
    const marker = listMarker(line, previous);
    if (marker) {
      if (previous === 'paragraph')
        section.ambiguities.push({
          line: lineNo,
          message:
            'a list item interrupts a paragraph: if the line is a wrapped sentence, re-wrap it so it does not start with "-", "*" or "1."; if it opens a list, put a blank line before it',
        });
      if (marker.number !== undefined) {
        if (nextNumber === undefined && marker.number !== 1)
          section.ambiguities.push({
            line: lineNo,
            message: `an ordered list starts at ${marker.number}: a wrapped sentence whose line starts with "${marker.number}."? Re-wrap it, or number the list from 1`,
          });
        else if (nextNumber !== undefined && marker.number !== nextNumber)
          section.ambiguities.push({
            line: lineNo,
            message: `list item numbered ${marker.number} where ${nextNumber} was expected: a wrapped line that starts with a number? Indent it or re-wrap it`,
          });
        nextNumber = marker.number + 1;
      } else {
        nextNumber = undefined;
      }
      closeItem();
      if (marker.number !== undefined) section.ordered = true;
      item = [line.slice(marker.length)];
      previous = 'item';
      return;
    }
    if (item && /^\s+\S/.test(line)) {
      item.push(line.trim());
      return;
    }
    closeItem();
    prose.push(line);
    if (line.trim() === '') {
      previous = 'blank';
    } else {
      previous = 'paragraph';
      nextNumber = undefined;
    }
  });
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
