/**
 * The ladder of a diagnosis as a Mermaid sequenceDiagram, for wikis and
 * tickets that draw Mermaid. Participants are named by address with the
 * characters Mermaid would read as syntax replaced, and a long flow keeps
 * its start and end with a note where the middle was left out.
 */
import type { Ladder } from '../diagnose/types.js';
import { arrowLabel } from './ladder.js';

/** Arrows kept before the middle is left out: twice the text ladder's, a diagram scrolls. */
const MAX_ARROWS = 80;

function participantName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.:[\]-]/g, '_');
}

export function renderMermaid(ladder: Ladder): string {
  const { columns, arrows } = ladder;
  const lines = ['sequenceDiagram'];
  columns.forEach((column, c) => {
    lines.push(`    participant P${c} as ${participantName(column.name)}`);
  });
  const kept =
    arrows.length <= MAX_ARROWS
      ? arrows
      : [...arrows.slice(0, MAX_ARROWS / 2), undefined, ...arrows.slice(-MAX_ARROWS / 2)];
  for (const a of kept) {
    if (a === undefined) {
      lines.push(`    Note over P0: ${arrows.length - MAX_ARROWS} messages left out`);
      continue;
    }
    // Semicolons, hashes and colons end or escape a Mermaid message.
    lines.push(`    P${a.from}->>P${a.to}: ${arrowLabel(a).replace(/[;#:]/g, ' ')}`);
  }
  return lines.join('\n');
}
