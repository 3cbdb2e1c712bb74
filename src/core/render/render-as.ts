/** Renders a card in any output format by name; used by the CLI and the console. */

import type { Card } from '../card.js';
import { renderDiscord } from './discord/render-embeds.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import type { OutputFormat } from './output-formats.js';
import { renderSlack } from './slack/render-blocks.js';
import { renderText } from './text.js';

export { OUTPUT_FORMATS, type OutputFormat } from './output-formats.js';

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
