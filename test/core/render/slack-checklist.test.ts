/**
 * A shared checklist in Block Kit: checkboxes of ten, labels within 75
 * characters with nothing cut open, hostile names inert, and block ids that
 * record what each element showed.
 */
import { describe, expect, it } from 'vitest';
import { type Checklist, newChecklist, recordTick } from '../../../src/core/checklist/checklist.js';
import { checklistCard } from '../../../src/core/checklist/checklist-card.js';
import {
  checkboxesBlockId,
  readCheckboxesBlockId,
} from '../../../src/core/render/slack/checklist-blocks.js';
import { renderSlack } from '../../../src/core/render/slack/render-blocks.js';
import { expectSlackWithinLimits } from '../../helpers/platform-limits.js';

const T0 = Date.UTC(2026, 11, 4, 10, 0, 0);

function list(count: number): Checklist {
  return newChecklist(
    { ref: 'code:403', title: '403 Forbidden' },
    Array.from({ length: count }, (_, i) => ({
      id: `403-${i + 1}`,
      text: `Check rule ${i + 1}: run \`kamctl ul show <aor>\` & compare the source address with what the carrier provisioned for this trunk`,
    })),
  );
}

type Options = { text: { text: string }; description?: { text: string }; value: string }[];
type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { type: string; options?: Options; initial_options?: Options }[];
};

function checkboxBlocks(card: ReturnType<typeof checklistCard>): Block[] {
  return (renderSlack(card).flatMap((m) => m.blocks) as Block[]).filter(
    (b) => b.type === 'actions' && b.elements?.[0]?.type === 'checkboxes',
  );
}

describe('Slack checklist blocks', () => {
  it('puts ten items per checkboxes element, ticked ones as initial options with who and when', () => {
    let c = list(23);
    c = recordTick(c, { item: '403-2', user: 'U1', name: 'bob', at: T0, done: true });
    c = recordTick(c, { item: '403-12', user: 'U2', name: 'carol', at: T0 + 60_000, done: true });
    const card = checklistCard(c, T0 + 120_000);
    const blocks = checkboxBlocks(card);
    expect(blocks.map((b) => b.elements?.[0]?.options?.length)).toEqual([10, 10, 3]);
    expect(blocks[0]?.elements?.[0]?.initial_options?.map((o) => o.value)).toEqual(['403-2']);
    expect(blocks[0]?.elements?.[0]?.initial_options?.[0]?.description?.text).toBe(
      'ticked by bob at 10:00 UTC',
    );
    expect(blocks[1]?.elements?.[0]?.initial_options?.map((o) => o.value)).toEqual(['403-12']);
    expect(blocks.map((b) => readCheckboxesBlockId(b.block_id ?? ''))).toEqual([
      { first: 0, ticked: [false, true, false, false, false, false, false, false, false, false] },
      { first: 10, ticked: [false, true, false, false, false, false, false, false, false, false] },
      { first: 20, ticked: [false, false, false] },
    ]);
    expectSlackWithinLimits(renderSlack(card));
  });

  it('cuts labels as plain text, never inside a code span or an entity, and gives the full text above', () => {
    const card = checklistCard(list(3), T0);
    const [element] = checkboxBlocks(card)[0]?.elements ?? [];
    for (const option of element?.options ?? []) {
      expect(option.text.text.length).toBeLessThanOrEqual(75);
      expect(option.text.text).not.toContain('`');
      expect(option.text.text).toMatch(/…$/);
      expect(option.text.text).not.toMatch(/&[a-z]*…$/);
    }
    const blocks = renderSlack(card)[0]?.blocks as Block[];
    const full = blocks.find((b) => b.text?.text.startsWith('*In full*'));
    expect(full?.text?.text).toContain('`kamctl ul show &lt;aor&gt;`');
  });

  it('keeps a hostile name inert in the tick note', () => {
    const c = recordTick(list(1), {
      item: '403-1',
      user: 'U9',
      name: '<!channel> `x` *y*',
      at: T0,
      done: true,
    });
    const text = JSON.stringify(renderSlack(checklistCard(c, T0)));
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
  });

  it('gives each drawing of an element its own block id', () => {
    const items = checklistCard(list(3), T0).checklist;
    const ticked = checklistCard(
      recordTick(list(3), { item: '403-1', user: 'U1', name: 'bob', at: T0, done: true }),
      T0,
    ).checklist;
    const again = checklistCard(
      recordTick(list(3), { item: '403-1', user: 'U2', name: 'carol', at: T0 + 1000, done: true }),
      T0,
    ).checklist;
    const ids = [
      checkboxesBlockId(0, items),
      checkboxesBlockId(0, ticked),
      checkboxesBlockId(0, again),
    ];
    expect(new Set(ids).size).toBe(3);
    expect(readCheckboxesBlockId('sip-triage-actions')).toBeUndefined();
    expect(readCheckboxesBlockId('sip-triage:checklist:0:12:abc')).toBeUndefined();
  });
});
