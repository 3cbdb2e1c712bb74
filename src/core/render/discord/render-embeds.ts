/**
 * Card -> Discord messages (embeds and buttons). Pure: no discord.js here.
 * Each message holds at most 10 embeds and 6,000 characters in all; longer
 * cards continue in further messages. Text is split at line boundaries, and
 * whatever must still be cut ends with a visible "truncated" marker.
 */
import type { Card, CardBlock } from '../../card.js';
import { plainText } from '../../inline.js';
import { withNote } from '../checklist-item.js';
import { splitText, truncate } from '../split-text.js';
import { codeFence, escapeDiscord, inlineToDiscord, inlineToPlainDiscord } from './escape.js';
import { DISCORD_LIMITS as L } from './limits.js';

export interface DiscordEmbed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
}

export interface DiscordButton {
  type: 2;
  /** 1 primary, 2 secondary, 3 success (a ticked checklist item). */
  style: 1 | 2 | 3;
  label: string;
  custom_id: string;
}

/** A multi-select of checklist items (lists longer than the 25 buttons a message holds). */
export interface DiscordSelect {
  type: 3;
  custom_id: string;
  placeholder: string;
  min_values: 0;
  max_values: number;
  options: { label: string; value: string; description?: string; default: boolean }[];
}

export interface DiscordRow {
  type: 1;
  components: (DiscordButton | DiscordSelect)[];
}

export interface DiscordMessage {
  content?: string;
  embeds: DiscordEmbed[];
  components?: DiscordRow[];
  /** Never ping anyone, whatever the text says. */
  allowed_mentions: { parse: [] };
}

const COLOR: Record<Card['kind'], number> = {
  'response-code': 0x3b82f6,
  class: 0x6366f1,
  q850: 0x0ea5e9,
  warning: 0xf59e0b,
  'vendor-cause': 0x14b8a6,
  'search-results': 0x64748b,
  'not-found': 0x94a3b8,
  list: 0x64748b,
  help: 0x64748b,
  diagnosis: 0xef4444,
  checklist: 0x22c55e,
  error: 0xf59e0b,
};

export function embedLength(embed: DiscordEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}

function blockText(block: CardBlock): string {
  switch (block.type) {
    case 'text':
      return inlineToDiscord(block.text);
    case 'list':
      return block.items
        .map((item, i) => `${block.ordered ? `${i + 1}.` : '•'} ${inlineToDiscord(item)}`)
        .join('\n');
    case 'code':
      return codeFence(block.language, block.text);
  }
}

/** One or more embeds for a titled body, split at the description limit (code fences are re-opened per chunk). */
function bodyEmbeds(title: string, body: string, color: number): DiscordEmbed[] {
  const chunks = splitPreservingFences(body, L.description);
  return chunks.map((chunk, i) => ({
    title: truncate(i === 0 ? title : `${title} (continued)`, L.title),
    description: chunk,
    color,
  }));
}

function splitPreservingFences(body: string, max: number): string[] {
  if (body.length <= max) return [body];
  const chunks = splitText(body, max - 16);
  let open: string | undefined;
  return chunks.map((chunk) => {
    let text = open ? `\`\`\`${open}\n${chunk}` : chunk;
    const fences = chunk.match(/^```.*$/gm) ?? [];
    for (const fence of fences) open = open === undefined ? fence.slice(3) : undefined;
    if (open !== undefined) text += '\n```';
    return truncate(text, max);
  });
}

/** Renders a card as one or more Discord messages, each within every embed limit. */
export function renderDiscord(card: Card): DiscordMessage[] {
  const color = COLOR[card.kind];
  const main: DiscordEmbed = {
    title: truncate(inlineToPlainDiscord(card.title), L.title),
    description: truncate(inlineToDiscord(card.summary), L.description),
    color,
  };
  if (card.fields.length > 0) {
    const fields = card.fields.map((f) => ({
      name: truncate(inlineToPlainDiscord(f.label), L.fieldName),
      value: truncate(inlineToDiscord(f.value) || '-', L.fieldValue),
      inline: f.value.length <= 60,
    }));
    if (fields.length > L.fields) {
      const kept = fields.slice(0, L.fields - 1);
      kept.push({
        name: 'More',
        value: `${fields.length - kept.length} more fields (truncated)`,
        inline: false,
      });
      main.fields = kept;
    } else {
      main.fields = fields;
    }
  }
  const embeds: DiscordEmbed[] = [main];
  for (const section of card.sections) {
    embeds.push(
      ...bodyEmbeds(
        escapeDiscord(section.heading),
        section.blocks.map(blockText).join('\n\n'),
        color,
      ),
    );
  }
  if (card.checklist.length > 0) {
    const list = card.checklist
      .map((c) => `${c.done ? '☑' : '☐'} ${inlineToDiscord(withNote(c))}`)
      .join('\n');
    embeds.push(...bodyEmbeds('Fix checklist', list, color));
  }
  if (card.references.length > 0) {
    const last = embeds[embeds.length - 1] as DiscordEmbed;
    last.footer = {
      text: truncate(
        card.references.map((r) => `${inlineToPlainDiscord(r.label)}: ${r.url}`).join('  ·  '),
        L.footer,
      ),
    };
  }

  const components = card.actions.length > 0 ? buttonRows(card) : undefined;
  return packMessages(embeds.map(fitEmbed), components);
}

/** Makes one embed fit the 6,000-character message total on its own: description first, then fields. */
function fitEmbed(embed: DiscordEmbed): DiscordEmbed {
  let over = embedLength(embed) - L.embedsTotal;
  if (over <= 0) return embed;
  const fitted = { ...embed };
  if (fitted.description && fitted.description.length > 100) {
    const keep = Math.max(100, fitted.description.length - over);
    fitted.description = truncate(fitted.description, keep);
    over = embedLength(fitted) - L.embedsTotal;
  }
  while (over > 0 && fitted.fields && fitted.fields.length > 0) {
    fitted.fields = fitted.fields.slice(0, -1);
    over = embedLength(fitted) - L.embedsTotal + 30;
    if (over <= 0) fitted.fields.push({ name: 'More', value: 'fields truncated', inline: false });
  }
  return fitted;
}

/** Packs embeds into messages of at most 10 embeds and 6,000 characters; buttons ride on the first. */
function packMessages(
  embeds: DiscordEmbed[],
  components: DiscordMessage['components'],
): DiscordMessage[] {
  const messages: DiscordMessage[] = [];
  let current: DiscordEmbed[] = [];
  let total = 0;
  for (const embed of embeds) {
    const size = embedLength(embed);
    if (
      current.length > 0 &&
      (current.length === L.embedsPerMessage || total + size > L.embedsTotal)
    ) {
      messages.push({ embeds: current, allowed_mentions: { parse: [] } });
      current = [];
      total = 0;
    }
    current.push(embed);
    total += size;
  }
  if (current.length > 0) messages.push({ embeds: current, allowed_mentions: { parse: [] } });
  if (messages.length > 1) {
    messages.forEach((m, i) => {
      m.content = `(part ${i + 1} of ${messages.length})`;
    });
  }
  const first = messages[0];
  if (first && components) first.components = components;
  return messages;
}

/** The card's actions as rows of buttons (5 per row, at most 5 rows: Discord's limits). */
function buttonRows(card: Card): DiscordRow[] {
  const toggles = card.actions.filter((a) => a.id === 'tick' || a.id === 'untick');
  if (card.kind === 'checklist' && toggles.length > L.buttonsPerRow * L.actionRows)
    return checklistSelects(card);
  const buttons = card.actions.slice(0, L.buttonsPerRow * L.actionRows).map(
    (a): DiscordButton => ({
      type: 2,
      style: a.id === 'untick' ? 3 : a.id === 'post-checklist' ? 1 : 2,
      label: truncate(inlineToPlainDiscord(a.label), L.buttonLabel),
      custom_id: truncate(`st:${a.id}:${a.value}`, L.customId, ''),
    }),
  );
  const rows: DiscordRow[] = [];
  for (let i = 0; i < buttons.length; i += L.buttonsPerRow)
    rows.push({ type: 1, components: buttons.slice(i, i + L.buttonsPerRow) });
  return rows;
}

/**
 * A long checklist as multi-selects of up to 25 items each (one per row):
 * the ticked items are the selection, so choosing or clearing one is a tick
 * or an untick (the adapter compares the new selection with the one drawn).
 */
function checklistSelects(card: Card): DiscordRow[] {
  const rows: DiscordRow[] = [];
  const items = card.checklist;
  for (
    let first = 0;
    first < items.length && rows.length < L.actionRows;
    first += L.selectOptions
  ) {
    const slice = items.slice(first, first + L.selectOptions);
    rows.push({
      type: 1,
      components: [
        {
          type: 3,
          custom_id: `st:select:${first}`,
          placeholder: truncate(
            `Tick items ${first + 1}-${first + slice.length}`,
            L.selectPlaceholder,
          ),
          min_values: 0,
          max_values: slice.length,
          options: slice.map((item, i) => ({
            label: truncate(`${first + i + 1}. ${plainText(item.text)}`, L.optionLabel),
            value: truncate(item.id, L.optionValue, ''),
            ...(item.done !== undefined
              ? { description: truncate(plainText(item.done.note), L.optionDescription) }
              : {}),
            default: item.done !== undefined,
          })),
        },
      ],
    });
  }
  return rows;
}
