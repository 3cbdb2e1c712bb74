/**
 * Discord escaping. Markdown characters get a backslash, so `[text](url)`
 * cannot become a masked link; `@everyone`, `@here` and `<@...>`, `<#...>`,
 * `<@&...>` mention syntax get a zero-width space so they stay text even if
 * allowed_mentions were ever loosened. Code is fenced with its backticks
 * defused.
 */
import { parseInline } from '../../inline.js';

const ZWSP = '\u200b';
const MARKDOWN = /[\\*_~`|>#[\]()-]/g;

/**
 * `@everyone`/`@here` only count as mentions when they start a word, so
 * `sip:bob@here.example` in a SIP example is left intact.
 */
export function neutraliseMentions(text: string): string {
  return text
    .replace(/(^|[^\w.@-])@(everyone|here)\b/gi, `$1@${ZWSP}$2`)
    .replace(/<([@#/:]|a:|t:)/g, `<${ZWSP}$1`);
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

/**
 * Inline text without marks, for titles, field names and button labels. Only
 * brackets are escaped (a masked link needs them); other Markdown characters
 * are left alone because some of these places show backslashes literally.
 */
export function inlineToPlainDiscord(source: string): string {
  const text = parseInline(source)
    .map((s) => s.text)
    .join('');
  return neutraliseMentions(text.replace(/[[\]]/g, (c) => `\\${c}`));
}

export function codeFence(language: string, text: string): string {
  const body = neutraliseMentions(text.replace(/```/g, `\`${ZWSP}\`\``));
  return `\`\`\`${language}\n${body}\n\`\`\``;
}
