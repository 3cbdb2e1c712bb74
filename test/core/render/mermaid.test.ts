/** The Mermaid sequenceDiagram drawn from hand-built ladder data. */
import { describe, expect, it } from 'vitest';
import type { LadderArrow } from '../../../src/core/diagnose/types.js';
import { renderMermaid } from '../../../src/core/render/mermaid.js';

const COLUMNS = [
  { name: '192.0.2.10:5060', title: '192.0.2.10:5060 Phone/1.0' },
  { name: 'sbc edge #1', title: 'sbc edge #1' },
];

function arrow(from: number, to: number, label: string, count = 1): LadderArrow {
  return { from, to, label, time: undefined, count, message: 0, leg: 0, decisive: false };
}

describe('renderMermaid', () => {
  it('names participants by address and collapses retransmissions into a counted arrow', () => {
    const text = renderMermaid({
      legs: [],
      columns: COLUMNS,
      arrows: [
        arrow(0, 1, 'INVITE', 6),
        arrow(1, 0, '503 Busy; try #2: later'),
        arrow(1, 1, 'OPTIONS'),
      ],
    });
    expect(text.split('\n')).toEqual([
      'sequenceDiagram',
      '    participant P0 as 192.0.2.10:5060',
      '    participant P1 as sbc_edge__1',
      '    P0->>P1: INVITE x6',
      '    P1->>P0: 503 Busy  try  2  later',
      '    P1->>P1: OPTIONS',
    ]);
  });

  it('keeps the first and last 40 arrows of a long flow, with a note between', () => {
    const arrows = Array.from({ length: 100 }, (_, k) =>
      k % 2 === 0 ? arrow(0, 1, `INFO ${k}`) : arrow(1, 0, `200 OK ${k}`),
    );
    const lines = renderMermaid({ legs: [], columns: COLUMNS, arrows }).split('\n');
    const messages = lines.filter((l) => l.includes('->>'));
    expect(messages).toHaveLength(80);
    expect(messages[0]).toBe('    P0->>P1: INFO 0');
    expect(messages[39]).toBe('    P1->>P0: 200 OK 39');
    expect(messages[40]).toBe('    P0->>P1: INFO 60');
    expect(messages[79]).toBe('    P1->>P0: 200 OK 99');
    expect(lines[3 + 40]).toBe('    Note over P0: 20 messages left out');
    expect(
      renderMermaid({ legs: [], columns: COLUMNS, arrows: arrows.slice(0, 80) }),
    ).not.toContain('Note');
  });
});
