/**
 * Slack escaping. Only `&`, `<` and `>` are special in Slack text; escaping
 * them turns `<!channel>`, `<@U123>`, `<!subteam^...>` and `<http://x|y>`
 * into inert text. Code spans and blocks are escaped too: Slack parses
 * entities inside them.
 */
import { parseInline } from '../../inline.js';

export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inline text -> Slack mrkdwn, every character of content escaped. */
export function inlineToMrkdwn(source: string): string {
  return parseInline(source)
    .map((span) => {
      const text = escapeSlack(span.text);
      if (span.style === 'bold') return `*${text.replace(/\*/g, '')}*`;
      if (span.style === 'code') return `\`${text.replace(/`/g, "'")}\``;
      return text;
    })
    .join('');
}

/** Inline text -> a plain_text string (marks dropped, still escaped). */
export function inlineToPlain(source: string): string {
  return escapeSlack(
    parseInline(source)
      .map((s) => s.text)
      .join(''),
  );
}
