/**
 * Card -> Slack messages (Block Kit). Pure: no Slack SDK here. A card that
 * does not fit one message (50 blocks) continues in further messages; text
 * longer than a block allows is split across blocks, and anything that must
 * still be cut carries a visible "truncated" marker.
 */
import type { Card, CardBlock } from '../../card.js';
import { withNote } from '../checklist-item.js';
import { splitText, TRUNCATED, truncate } from '../split-text.js';
import { checklistBlocks, type SlackCheckboxes } from './checklist-blocks.js';
import { escapeSlack, inlineToMrkdwn, inlineToPlain } from './escape.js';
import { SLACK_LIMITS as L } from './limits.js';

export interface SlackText {
  type: 'mrkdwn' | 'plain_text';
  text: string;
  verbatim?: boolean;
  emoji?: boolean;
}

export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text?: SlackText; fields?: SlackText[] }
  | { type: 'divider' }
  | { type: 'context'; elements: SlackText[] }
  | {
      type: 'actions';
      block_id?: string;
      elements: (
        | { type: 'button'; text: SlackText; action_id: string; value: string }
        | SlackCheckboxes
      )[];
    };

export interface SlackMessage {
  /** Notification and accessibility fallback; always present. */
  text: string;
  blocks: SlackBlock[];
}

const mrkdwn = (text: string): SlackText => ({ type: 'mrkdwn', text, verbatim: true });
const plain = (text: string, max: number): SlackText => ({
  type: 'plain_text',
  text: truncate(text, max),
  emoji: false,
});

/** Sections of already-escaped mrkdwn, split so each block stays within the section limit. */
function sectionBlocks(text: string): SlackBlock[] {
  return splitText(text, L.sectionText).map((chunk) => ({ type: 'section', text: mrkdwn(chunk) }));
}

function codeBlocks(text: string): SlackBlock[] {
  // Each chunk gets its own fence, so the code stays a code block after a split.
  const fence = '```';
  const body = escapeSlack(text.replace(/```/g, "'''"));
  return splitText(body, L.sectionText - 2 * fence.length - 2).map((chunk) => ({
    type: 'section',
    text: mrkdwn(`${fence}\n${chunk}\n${fence}`),
  }));
}

function blockMrkdwn(block: CardBlock): string {
  if (block.type === 'text') return inlineToMrkdwn(block.text);
  if (block.type === 'list') {
    return block.items
      .map((item, i) => `${block.ordered ? `${i + 1}.` : '•'} ${inlineToMrkdwn(item)}`)
      .join('\n');
  }
  return '';
}

/** Renders a card as one or more Slack messages, each within Block Kit limits. */
export function renderSlack(card: Card): SlackMessage[] {
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(inlineToPlain(card.title), L.headerText) },
    ...sectionBlocks(inlineToMrkdwn(card.summary)),
  ];

  if (card.fields.length > 0) {
    const fields = card.fields.map((f) =>
      mrkdwn(truncate(`*${escapeSlack(f.label)}*\n${inlineToMrkdwn(f.value)}`, L.fieldText)),
    );
    for (let i = 0; i < fields.length; i += L.fieldsPerSection) {
      blocks.push({ type: 'section', fields: fields.slice(i, i + L.fieldsPerSection) });
    }
  }

  for (const section of card.sections) {
    blocks.push({ type: 'divider' });
    const heading = `*${escapeSlack(section.heading)}*`;
    let first = true;
    for (const block of section.blocks) {
      if (block.type === 'code') {
        if (first) blocks.push(...sectionBlocks(heading));
        blocks.push(...codeBlocks(block.text));
      } else {
        const body = blockMrkdwn(block);
        blocks.push(...sectionBlocks(first ? `${heading}\n${body}` : body));
      }
      first = false;
    }
  }

  if (card.kind === 'checklist') {
    // A shared checklist is ticked in place: checkboxes instead of the list and its buttons.
    const { full, elements } = checklistBlocks(card);
    if (full.length > 0) blocks.push(...sectionBlocks(`*In full*\n${full.join('\n')}`));
    for (const { blockId, checkboxes } of elements)
      blocks.push({ type: 'actions', block_id: blockId, elements: [checkboxes] });
  } else if (card.checklist.length > 0) {
    blocks.push({ type: 'divider' });
    const lines = card.checklist
      .map((c) => `${c.done ? '☑' : '☐'} ${inlineToMrkdwn(withNote(c))}`)
      .join('\n');
    blocks.push(...sectionBlocks(`*Fix checklist*\n${lines}`));
  }

  if (card.references.length > 0) {
    const refs = card.references
      .slice(0, L.contextElements)
      .map((r) => mrkdwn(`<${r.url}|${escapeSlack(r.label)}>`));
    if (card.references.length > L.contextElements)
      refs[refs.length - 1] = mrkdwn(escapeSlack(TRUNCATED));
    blocks.push({ type: 'context', elements: refs });
  }

  const actions =
    card.kind === 'checklist'
      ? card.actions.filter((a) => a.id !== 'tick' && a.id !== 'untick')
      : card.actions;
  if (actions.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: 'sip-triage-actions',
      elements: actions.slice(0, L.actionsElements).map((a) => ({
        type: 'button',
        text: plain(escapeSlack(a.label), L.buttonText),
        action_id: truncate(`sip-triage:${a.id}`, L.actionId, ''),
        value: truncate(a.value, L.buttonValue, ''),
      })),
    });
  }

  return paginate(blocks, fallbackText(card));
}

function fallbackText(card: Card): string {
  return truncate(`${inlineToPlain(card.title)}: ${inlineToPlain(card.summary)}`, L.fallbackText);
}

/** Splits blocks over as many messages as needed; continuations say so in their fallback and first block. */
function paginate(blocks: SlackBlock[], text: string): SlackMessage[] {
  const perMessage = L.blocksPerMessage - 1; // room for a "continued" marker
  if (blocks.length <= L.blocksPerMessage) return [{ text, blocks }];
  const pages: SlackBlock[][] = [];
  for (let i = 0; i < blocks.length; i += perMessage) pages.push(blocks.slice(i, i + perMessage));
  return pages.map((page, index) => {
    const marker = `(part ${index + 1} of ${pages.length})`;
    return {
      text: truncate(`${text} ${marker}`, L.fallbackText),
      blocks:
        index === 0
          ? [...page, { type: 'context', elements: [mrkdwn(`${marker}, continued below`)] }]
          : [{ type: 'context', elements: [mrkdwn(marker)] }, ...page],
    };
  });
}
