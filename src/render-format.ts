/** Renders a card in any output format by name; used by the CLI and the console. */

import { renderDiscord } from './adapters/discord/render-embeds.js';
import { renderSlack } from './adapters/slack/render-blocks.js';
import type { OutputFormat } from './config.js';
import type { Card } from './core/card.js';
import { renderJson } from './core/render/json.js';
import { renderMarkdown } from './core/render/markdown.js';
import { renderText } from './core/render/text.js';

export function renderAs(
  card: Card,
  format: OutputFormat,
  options: { color?: boolean; width?: number } = {},
): string {
  switch (format) {
    case 'text':
      return renderText(card, options);
    case 'markdown':
      return renderMarkdown(card);
    case 'json':
      return renderJson(card);
    case 'slack':
      return `${JSON.stringify(renderSlack(card), null, 2)}\n`;
    case 'discord':
      return `${JSON.stringify(renderDiscord(card), null, 2)}\n`;
  }
}
