/**
 * Checklists on Discord: one toggle button per item up to 25 (5 rows of 5),
 * a multi-select per 25 items beyond that; a select's new selection turns
 * into exactly the ticks and unticks this person made.
 */
import { describe, expect, it } from 'vitest';
import { clickedActions, selectOptions } from '../../../src/adapters/discord/discord-clicks.js';
import { newChecklist, recordTick } from '../../../src/core/checklist/checklist.js';
import { checklistCard } from '../../../src/core/checklist/checklist-card.js';
import { renderDiscord } from '../../../src/core/render/discord/render-embeds.js';
import { expectDiscordWithinLimits } from '../../helpers/platform-limits.js';

const NOW = Date.UTC(2026, 11, 4, 10, 2);

function list(count: number, ticked: number[] = []) {
  let checklist = newChecklist(
    { ref: 'code:486', title: '486 Busy Here' },
    Array.from({ length: count }, (_, i) => ({
      id: `item-${i + 1}`,
      text: `Check thing number ${i + 1} on the path`,
    })),
  );
  for (const i of ticked)
    checklist = recordTick(checklist, {
      item: `item-${i}`,
      user: 'U1',
      name: 'alice',
      at: NOW,
      done: true,
    });
  return renderDiscord(checklistCard(checklist, NOW));
}

describe('Discord checklist components', () => {
  it('draws a toggle button per item, ticked ones marked', () => {
    const [message] = list(7, [2]);
    const buttons = (message?.components ?? []).flatMap((r) => r.components);
    expect(buttons.length).toBe(7);
    expect(buttons[1]).toMatchObject({ type: 2, style: 3, custom_id: 'st:untick:item-2' });
    expect(buttons[0]).toMatchObject({ type: 2, style: 2, custom_id: 'st:tick:item-1' });
    expect(message?.embeds.map((e) => e.description).join('\n')).toContain('1/7 done');
  });

  it('uses multi-selects of 25 for a longer list, within every limit', () => {
    const messages = list(40, [3, 30]);
    expectDiscordWithinLimits(messages);
    const rows = messages[0]?.components ?? [];
    expect(rows.length).toBe(2);
    const [first, second] = rows.map((r) => r.components[0]);
    expect(first).toMatchObject({ type: 3, custom_id: 'st:select:0', max_values: 25 });
    expect(second).toMatchObject({ type: 3, custom_id: 'st:select:25', max_values: 15 });
    if (first?.type !== 3 || second?.type !== 3) throw new Error('expected selects');
    expect(first.options.filter((o) => o.default).map((o) => o.value)).toEqual(['item-3']);
    expect(second.options.find((o) => o.value === 'item-30')?.description).toContain('alice');
  });

  it("turns a select's new selection into this person's ticks and unticks", () => {
    const messages = list(40, [3, 30]);
    const rows = messages[0]?.components ?? [];
    const shown = selectOptions(rows, 'st:select:0');
    expect(shown.length).toBe(25);
    // Kept 3, added 5 and 7.
    expect(clickedActions('select', '0', ['item-3', 'item-5', 'item-7'], shown)).toEqual([
      { id: 'tick', value: 'item-5' },
      { id: 'tick', value: 'item-7' },
    ]);
    // Cleared everything: one untick.
    expect(clickedActions('select', '0', [], shown)).toEqual([{ id: 'untick', value: 'item-3' }]);
    expect(clickedActions('tick', 'item-1', undefined, [])).toEqual([
      { id: 'tick', value: 'item-1' },
    ]);
    expect(clickedActions('launch-missiles', 'x', undefined, [])).toEqual([]);
    expect(selectOptions(rows, 'st:select:99')).toEqual([]);
  });
});
