/**
 * Slack's message text back to what the person typed or pasted. Slack
 * stores `&`, `<` and `>` as entities and wraps what it recognises in angle
 * brackets: `<mailto:alice@example.com|alice@example.com>`,
 * `<http://host|host>`, `<tel:+15551234|+15551234>`, `<@U123>`,
 * `<#C123|incident>`, `<!here>`. A pasted `<sip:alice@example.com>` arrives as
 * `&lt;sip:<mailto:alice@example.com|alice@example.com>&gt;`. The real
 * brackets are Slack's own (a person's `<` is always an entity), so the
 * tokens are undone first and the entities after.
 */

/** One Slack token: `<target>` or `<target|label>`; neither part holds a real bracket. */
const TOKEN = /<([^<>|]*)(?:\|([^<>]*))?>/g;

function untoken(_match: string, target: string, label: string | undefined): string {
  // A link or address Slack recognised: the label is what was typed.
  if (label !== undefined && !/^[@#!]/.test(target)) return label;
  if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
  if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
  if (target.startsWith('!')) {
    // <!here>, <!channel>, <!subteam^S123|@oncall>, <!date^...|fallback>
    if (label !== undefined) return label;
    return `@${target.slice(1).split('^')[0]}`;
  }
  return target;
}

/** Slack text (as in a message event or a slash command) -> the text as it was typed. */
export function unescapeSlack(text: string): string {
  return text
    .replace(TOKEN, untoken)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
