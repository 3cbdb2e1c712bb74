/**
 * Block actions read into core requests: a checkbox click becomes exactly
 * the box that person changed, from what their client showed, even when the
 * message already holds someone else's newer tick.
 */
import { describe, expect, it } from 'vitest';
import { STATE_EVENT_TYPE } from '../../../src/adapters/slack/slack-outbox.js';
import { fromBlockAction, skipMessage } from '../../../src/adapters/slack/slack-payloads.js';
import { newChecklist, recordTick } from '../../../src/core/checklist/checklist.js';
import { checklistCard } from '../../../src/core/checklist/checklist-card.js';
import { encodeChecklist } from '../../../src/core/checklist/checklist-codec.js';
import { checkboxesBlockId } from '../../../src/core/render/slack/checklist-blocks.js';

const T0 = Date.UTC(2026, 11, 4, 10, 0, 0);
const empty = newChecklist({ ref: 'code:486', title: '486 Busy Here' }, [
  { id: 'a', text: 'one' },
  { id: 'b', text: 'two' },
  { id: 'c', text: 'three' },
]);

function click(blockId: string, selected: string[], state: string) {
  return {
    type: 'block_actions',
    user: { id: 'U2', name: 'carol' },
    channel: { id: 'C1' },
    container: { type: 'message', message_ts: '5.000001', channel_id: 'C1' },
    message: {
      ts: '5.000001',
      thread_ts: '4.000001',
      metadata: { event_type: STATE_EVENT_TYPE, event_payload: { state } },
    },
    actions: [
      {
        type: 'checkboxes',
        action_id: 'sip-triage:checklist',
        block_id: blockId,
        selected_options: selected.map((value) => ({ value })),
      },
    ],
  };
}

describe('fromBlockAction', () => {
  it('reads the box this person changed against what their client showed', () => {
    // Carol's client still shows nothing ticked; the message already holds Bob's tick of "a".
    const shown = checkboxesBlockId(0, checklistCard(empty, T0).checklist);
    const newer = recordTick(empty, { item: 'a', user: 'U1', name: 'bob', at: T0, done: true });
    const parsed = fromBlockAction(click(shown, ['c'], encodeChecklist(newer)));
    expect(
      parsed?.requests.map((r) => r.type === 'action' && `${r.action.id}:${r.action.value}`),
    ).toEqual(['tick:c']);
    expect(parsed?.trigger).toMatchObject({
      kind: 'action',
      channel: 'C1',
      ts: '5.000001',
      threadTs: '4.000001',
    });
  });

  it('reads an untick', () => {
    const ticked = recordTick(empty, { item: 'b', user: 'U1', name: 'bob', at: T0, done: true });
    const shown = checkboxesBlockId(0, checklistCard(ticked, T0).checklist);
    const parsed = fromBlockAction(click(shown, [], encodeChecklist(ticked)));
    expect(
      parsed?.requests.map((r) => r.type === 'action' && `${r.action.id}:${r.action.value}`),
    ).toEqual(['untick:b']);
  });

  it('drops a payload that is not one of its own actions', () => {
    expect(
      fromBlockAction({ type: 'block_actions', actions: [{ action_id: 'other-app' }] }),
    ).toBeUndefined();
    expect(fromBlockAction('junk')).toBeUndefined();
  });
});

describe('skipMessage', () => {
  const human = { type: 'message', user: 'U1', text: 'INVITE ...', ts: '1.1', channel: 'C1' };
  it('takes human messages and file shares, and nothing else', () => {
    expect(skipMessage(human, 'all', 'UBOT')).toBeUndefined();
    expect(skipMessage({ ...human, subtype: 'file_share' }, 'all', 'UBOT')).toBeUndefined();
    expect(skipMessage({ ...human, subtype: 'message_changed' }, 'all', 'UBOT')).toMatch(/subtype/);
    expect(skipMessage({ ...human, bot_id: 'B1' }, 'all', 'UBOT')).toBe('a bot message');
    expect(skipMessage({ ...human, user: 'UBOT' }, 'all', 'UBOT')).toBe('the bot itself');
    expect(skipMessage(human, 'off', 'UBOT')).toBe('SLACK_WATCH=off');
  });
  it('with SLACK_WATCH=mention, takes only messages that mention the bot', () => {
    expect(skipMessage(human, 'mention', 'UBOT')).toMatch(/not mentioned/);
    expect(skipMessage({ ...human, text: '<@UBOT> look' }, 'mention', 'UBOT')).toBeUndefined();
  });
});
