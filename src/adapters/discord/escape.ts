/**
 * Discord escaping. Markdown characters get a backslash, so `[text](url)`
 * cannot become a masked link; `@everyone`, `@here` and `<@...>`, `<#...>`,
 * `<@&...>` mention syntax get a zero-width space so they stay text even if
 * allowed_mentions were ever loosened. Code is fenced with its backticks
 * defused.
 */
import { parseInline } from '../../core/inline.js';

const ZWSP = '\u200b';
const MARKDOWN = /[\\*_~`|>#[\]()-]/g;

export function neutraliseMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZWSP}$1`).replace(/<([@#/:]|a:|t:)/g, `<${ZWSP}$1`);
}

export function escapeDiscord(text: string): string {
  return neutraliseMentions(text.replace(MARKDOWN, (c) => `\\${c}`));
}

/** Inline text -> Discord Markdown, content escaped. */
export function inlineToDiscord(source: string): string {
  return parseInline(source)
    .map((span) => {
      if (span.style === 'plain') return escapeDiscord(span.text);
      if (span.style === 'bold') return `**${escapeDiscord(span.text)}**`;
      return `\`${neutraliseMentions(span.text.replace(/`/g, "'"))}\``;
    })
    .join('');
}

/** Inline text without marks, for places Discord shows as plain text (titles, field names, labels). */
export function inlineToPlainDiscord(source: string): string {
  return neutraliseMentions(
    parseInline(source)
      .map((s) => s.text)
      .join(''),
  );
}

export function codeFence(language: string, text: string): string {
  return `\`\`\`${language}\n${text.replace(/```/g, `\`${ZWSP}\`\``)}\n\`\`\``;
}
