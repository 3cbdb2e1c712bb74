/** Greedy word wrap for monospace output; words longer than the width are left whole. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    // The line's visible length, kept as words are added rather than measured again each time.
    let columns = 0;
    for (const word of paragraph.split(/ +/)) {
      if (!word) continue;
      const wordColumns = visibleLength(word);
      if (line && columns + 1 + wordColumns > width) {
        lines.push(line);
        line = word;
        columns = wordColumns;
      } else if (line) {
        line = `${line} ${word}`;
        columns += 1 + wordColumns;
      } else {
        line = word;
        columns = wordColumns;
      }
    }
    lines.push(line);
  }
  return lines;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes do not take up columns
const ANSI = /\u001b\[[0-9;]*m/g;

export function visibleLength(text: string): number {
  return text.includes('\u001b') ? text.replace(ANSI, '').length : text.length;
}
