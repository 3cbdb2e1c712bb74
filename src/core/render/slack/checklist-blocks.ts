/**
 * A shared checklist as Slack checkboxes: ten items per checkboxes element
 * (Block Kit's limit), each option labelled with the item and, once ticked,
 * who ticked it and when. Option labels hold 75 characters, so items cut
 * there are also written out in full above the boxes.
 *
 * A click sends only the element's new selection, not which box changed.
 * Each element's block_id therefore records which of its items were ticked
 * when it was drawn (`sip-triage:checklist:<first item>:<ticked bits>:<rev>`):
 * the difference between that and the selection is exactly what this person
 * clicked, even when someone else ticked another item in the meantime.
 */
import type { Card, ChecklistItem } from '../../card.js';
import { plainText } from '../../inline.js';
import { truncate } from '../split-text.js';
import { escapeSlack, inlineToMrkdwn } from './escape.js';
import { SLACK_LIMITS as L } from './limits.js';

export const CHECKLIST_ACTION_ID = 'sip-triage:checklist';
const BLOCK_PREFIX = 'sip-triage:checklist:';

export interface SlackOption {
  text: { type: 'mrkdwn'; text: string; verbatim: true };
  description?: { type: 'plain_text'; text: string; emoji: false };
  value: string;
}

export interface SlackCheckboxes {
  type: 'checkboxes';
  action_id: string;
  options: SlackOption[];
  initial_options?: SlackOption[];
}

/** Where a checkboxes element starts and which of its items were ticked when drawn. */
export interface CheckboxesVersion {
  first: number;
  ticked: boolean[];
}

function option(item: ChecklistItem, index: number): { option: SlackOption; cut: boolean } {
  // Labels are plain (no code spans to cut open) and cut before escaping (no entity cut in two).
  const full = `${index + 1}. ${plainText(item.text)}`;
  const text = fitEscaped(full, L.optionText);
  const note = item.done === undefined ? undefined : plainText(item.done.note);
  return {
    option: {
      text: { type: 'mrkdwn', text, verbatim: true },
      ...(note !== undefined
        ? {
            description: {
              type: 'plain_text',
              // Plain text: a name here can never become a mention.
              text: fitEscaped(note, L.optionText),
              emoji: false,
            },
          }
        : {}),
      value: truncate(item.id, L.optionValue, ''),
    },
    cut: text !== escapeSlack(full),
  };
}

/** `text` escaped for Slack, cut (with "…") so the escaped form fits `max` characters. */
function fitEscaped(text: string, max: number): string {
  const escaped = escapeSlack(text);
  if (escaped.length <= max) return escaped;
  let keep = Math.min(text.length, max - 1);
  while (keep > 0 && escapeSlack(text.slice(0, keep)).length > max - 1) keep--;
  return `${escapeSlack(text.slice(0, keep).trimEnd())}…`;
}

/** A short, stable fingerprint of who ticked what in one element, so each change gets a new block_id. */
function revision(items: readonly ChecklistItem[]): string {
  let hash = 0x811c9dc5;
  for (const item of items) {
    const s = `${item.id}\u0000${item.done?.by ?? ''}\u0000${item.done?.at ?? ''}\u0001`;
    for (let i = 0; i < s.length; i++) hash = Math.imul(hash ^ s.charCodeAt(i), 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

export function checkboxesBlockId(first: number, items: readonly ChecklistItem[]): string {
  const bits = items.map((i) => (i.done ? '1' : '0')).join('');
  return `${BLOCK_PREFIX}${first}:${bits}:${revision(items)}`;
}

/** Reads a block_id written by checkboxesBlockId; undefined for any other block. */
export function readCheckboxesBlockId(blockId: string): CheckboxesVersion | undefined {
  if (!blockId.startsWith(BLOCK_PREFIX)) return undefined;
  const match = /^(\d{1,4}):([01]{1,10}):[0-9a-z]+$/.exec(blockId.slice(BLOCK_PREFIX.length));
  if (!match) return undefined;
  return { first: Number(match[1]), ticked: [...(match[2] as string)].map((b) => b === '1') };
}

/** The blocks that show a checklist card's items: full text where labels are cut, then the boxes. */
export function checklistBlocks(card: Card): {
  full: string[];
  elements: { blockId: string; checkboxes: SlackCheckboxes }[];
} {
  const full: string[] = [];
  const elements: { blockId: string; checkboxes: SlackCheckboxes }[] = [];
  for (let first = 0; first < card.checklist.length; first += L.checkboxOptions) {
    const items = card.checklist.slice(first, first + L.checkboxOptions);
    const options = items.map((item, i) => {
      const made = option(item, first + i);
      if (made.cut) full.push(`${first + i + 1}. ${inlineToMrkdwn(item.text)}`);
      return made.option;
    });
    const ticked = options.filter((_, i) => items[i]?.done !== undefined);
    elements.push({
      blockId: checkboxesBlockId(first, items),
      checkboxes: {
        type: 'checkboxes',
        action_id: CHECKLIST_ACTION_ID,
        options,
        ...(ticked.length > 0 ? { initial_options: ticked } : {}),
      },
    });
  }
  return { full, elements };
}
