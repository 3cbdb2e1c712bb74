/**
 * Independent checks of every Slack and Discord limit in platforms.md, used
 * against rendered payloads. Written from the limits table, not from the
 * renderers' constants, so a wrong constant cannot hide a violation.
 */
import { expect } from 'vitest';
import type { DiscordMessage } from '../../src/core/render/discord/render-embeds.js';
import type {
  SlackBlock,
  SlackMessage,
  SlackText,
} from '../../src/core/render/slack/render-blocks.js';

export function expectSlackWithinLimits(messages: SlackMessage[]): void {
  expect(messages.length).toBeGreaterThan(0);
  for (const message of messages) {
    expect(message.text.length).toBeGreaterThan(0);
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks) expectSlackBlock(block);
  }
}

function expectSlackBlock(block: SlackBlock): void {
  const text = (t: SlackText | undefined, max: number) => {
    if (t) expect(t.text.length, `${block.type} text`).toBeLessThanOrEqual(max);
  };
  switch (block.type) {
    case 'header':
      expect(block.text.type).toBe('plain_text');
      text(block.text, 150);
      break;
    case 'section':
      expect(block.text !== undefined || block.fields !== undefined).toBe(true);
      text(block.text, 3000);
      if (block.fields) {
        expect(block.fields.length).toBeLessThanOrEqual(10);
        for (const f of block.fields) text(f, 2000);
      }
      if (block.text) expect(block.text.text.length).toBeGreaterThan(0);
      break;
    case 'context':
      expect(block.elements.length).toBeLessThanOrEqual(10);
      break;
    case 'actions':
      expect(block.elements.length).toBeLessThanOrEqual(25);
      for (const el of block.elements) {
        expect(el.action_id.length).toBeLessThanOrEqual(255);
        if (el.type === 'checkboxes') {
          expect(el.options.length).toBeGreaterThan(0);
          expect(el.options.length).toBeLessThanOrEqual(10);
          for (const o of [...el.options, ...(el.initial_options ?? [])]) {
            expect(o.text.text.length).toBeLessThanOrEqual(75);
            expect(o.description?.text.length ?? 0).toBeLessThanOrEqual(75);
            expect(o.value.length).toBeLessThanOrEqual(75);
          }
          continue;
        }
        expect(el.text.text.length).toBeLessThanOrEqual(75);
        expect(el.value.length).toBeLessThanOrEqual(2000);
      }
      if (block.block_id) expect(block.block_id.length).toBeLessThanOrEqual(255);
      break;
    case 'divider':
      break;
  }
}

export function expectDiscordWithinLimits(messages: DiscordMessage[]): void {
  expect(messages.length).toBeGreaterThan(0);
  for (const message of messages) {
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.content?.length ?? 0).toBeLessThanOrEqual(2000);
    expect(message.embeds.length).toBeLessThanOrEqual(10);
    let total = 0;
    for (const embed of message.embeds) {
      expect(embed.title?.length ?? 0).toBeLessThanOrEqual(256);
      expect(embed.description?.length ?? 0).toBeLessThanOrEqual(4096);
      expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
      expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(25);
      for (const f of embed.fields ?? []) {
        expect(f.name.length).toBeGreaterThan(0);
        expect(f.name.length).toBeLessThanOrEqual(256);
        expect(f.value.length).toBeGreaterThan(0);
        expect(f.value.length).toBeLessThanOrEqual(1024);
      }
      total +=
        (embed.title?.length ?? 0) +
        (embed.description?.length ?? 0) +
        (embed.footer?.text.length ?? 0) +
        (embed.fields ?? []).reduce((s, f) => s + f.name.length + f.value.length, 0);
    }
    expect(total).toBeLessThanOrEqual(6000);
    expect(message.components?.length ?? 0).toBeLessThanOrEqual(5);
    for (const row of message.components ?? []) {
      expect(row.components.length).toBeLessThanOrEqual(5);
      for (const component of row.components) {
        expect(component.custom_id.length).toBeLessThanOrEqual(100);
        if (component.type === 2) {
          expect(component.label.length).toBeLessThanOrEqual(80);
          continue;
        }
        // A select fills its row alone and holds at most 25 options.
        expect(row.components.length).toBe(1);
        expect(component.options.length).toBeLessThanOrEqual(25);
        expect(component.max_values).toBeLessThanOrEqual(component.options.length);
        for (const option of component.options) {
          expect(option.label.length).toBeLessThanOrEqual(100);
          expect(option.value.length).toBeLessThanOrEqual(100);
          expect(option.description?.length ?? 0).toBeLessThanOrEqual(100);
        }
      }
    }
  }
}

/** Every string in a payload, for escaping checks. */
export function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}
