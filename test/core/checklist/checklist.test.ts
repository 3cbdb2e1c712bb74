/** Checklist state: ticks as events, merging racing versions, and the string it travels as. */
import { describe, expect, it } from 'vitest';
import {
  type Checklist,
  itemStatuses,
  mergeChecklists,
  newChecklist,
  progress,
  recordTick,
} from '../../../src/core/checklist/checklist.js';
import { checklistCard } from '../../../src/core/checklist/checklist-card.js';
import {
  decodeChecklist,
  encodeChecklist,
  MAX_STATE_LENGTH,
} from '../../../src/core/checklist/checklist-codec.js';

const T0 = Date.UTC(2026, 11, 4, 10, 0, 0);

function sample(): Checklist {
  return newChecklist({ ref: 'code:486', title: '486 Busy Here' }, [
    { id: 'a', text: 'Read the Reason header' },
    { id: 'b', text: 'Find the element that sent it' },
    { id: 'c', text: 'Check the callee device' },
  ]);
}

const tick = (item: string, user: string, at: number, done = true) => ({
  item,
  user,
  name: user.toLowerCase(),
  at,
  done,
});

describe('checklist state', () => {
  it('starts open, and an item is done when its latest event is a tick', () => {
    let c = sample();
    expect(progress(c)).toEqual({ done: 0, total: 3 });
    c = recordTick(c, tick('a', 'U1', T0));
    c = recordTick(c, tick('a', 'U2', T0 + 5000, false));
    c = recordTick(c, tick('b', 'U2', T0 + 1000));
    expect(itemStatuses(c).get('a')).toEqual({ done: false });
    expect(itemStatuses(c).get('b')).toEqual({ done: true, by: 'u2', at: T0 + 1000 });
    expect(progress(c)).toEqual({ done: 1, total: 3 });
  });

  it('ignores ticks of items it does not have', () => {
    const c = recordTick(sample(), tick('zzz', 'U1', T0));
    expect(c.events).toEqual([]);
  });

  it('keeps both of two ticks made from the same state', () => {
    const shown = sample();
    const bob = recordTick(shown, tick('a', 'U2', T0 + 10));
    const carol = recordTick(shown, tick('c', 'U3', T0 + 10));
    for (const merged of [mergeChecklists(bob, carol), mergeChecklists(carol, bob)]) {
      expect(progress(merged)).toEqual({ done: 2, total: 3 });
      expect(merged.events).toHaveLength(2);
    }
    // Merging is idempotent: the same event twice is kept once.
    expect(mergeChecklists(mergeChecklists(bob, carol), bob).events).toHaveLength(2);
  });

  it('lets the later of a racing tick and untick decide, whichever arrives first', () => {
    const ticked = recordTick(sample(), tick('a', 'U1', T0));
    const unticked = recordTick(ticked, tick('a', 'U2', T0 + 2000, false));
    const retick = recordTick(ticked, tick('a', 'U3', T0 + 1000));
    expect(itemStatuses(mergeChecklists(unticked, retick)).get('a')).toEqual({ done: false });
    expect(itemStatuses(mergeChecklists(retick, unticked)).get('a')).toEqual({ done: false });
  });

  it('does not merge checklists of different sources (the newer wins)', () => {
    const other = newChecklist({ ref: 'code:403', title: '403' }, [{ id: 'a', text: 'x' }]);
    expect(mergeChecklists(recordTick(sample(), tick('a', 'U1', T0)), other)).toBe(other);
  });
});

describe('checklist codec', () => {
  it('round-trips through the string kept in the platform message', () => {
    const c = recordTick(recordTick(sample(), tick('a', 'U1', T0)), tick('b', 'U2', T0 + 1));
    const state = encodeChecklist(c);
    expect(state).toMatch(/^stc1\.[A-Za-z0-9_-]+$/);
    expect(decodeChecklist(state)).toEqual(c);
  });

  it.each([
    ['nothing', undefined],
    ['another prefix', 'xyz.abc'],
    ['broken base64 JSON', 'stc1.%%%'],
    ['JSON of the wrong shape', `stc1.${Buffer.from('{"s":1}').toString('base64url')}`],
    [
      'an event with a bad flag',
      `stc1.${Buffer.from(JSON.stringify({ s: ['r', 't'], i: [['a', 'x']], e: [['a', 'U', 'u', 1, 7]] })).toString('base64url')}`,
    ],
    ['an oversized state', `stc1.${'A'.repeat(MAX_STATE_LENGTH)}`],
  ])('refuses %s', (_name, state) => {
    expect(decodeChecklist(state)).toBeUndefined();
  });
});

describe('checklist card', () => {
  it('says n/N done, who ticked what and when, and offers tick or untick per item', () => {
    const c = recordTick(sample(), {
      item: 'b',
      user: 'U9',
      name: 'eve *bold*',
      at: T0,
      done: true,
    });
    const card = checklistCard(c, T0 + 60_000);
    expect(card.summary).toBe('1/3 done.');
    const all = ['a', 'b', 'c'].reduce((list, item) => recordTick(list, tick(item, 'U1', T0)), c);
    expect(checklistCard(all, T0).summary).toBe('3/3 done. **Checklist complete.**');
    // The name is user text: it is escaped in the note, so it cannot inject marks.
    expect(card.checklist[1]?.done).toEqual({
      by: 'eve *bold*',
      at: new Date(T0).toISOString(),
      note: 'ticked by **eve \\*bold\\*** at 10:00 UTC',
    });
    expect(card.checklist[1]?.text).toBe('Find the element that sent it');
    expect(card.actions.map((a) => `${a.id}:${a.value}`)).toEqual(['tick:a', 'untick:b', 'tick:c']);
  });

  it('gives the date when the tick was on an earlier day', () => {
    const c = recordTick(sample(), tick('a', 'U1', T0));
    expect(checklistCard(c, T0 + 86_400_000).checklist[0]?.done?.note).toContain(
      '2026-12-04 10:00 UTC',
    );
    expect(checklistCard(c, T0 + 60_000).checklist[0]?.done?.note).toMatch(/ at 10:00 UTC$/);
  });
});
