/**
 * What Slack does to pasted text before an app sees it, for the tests and
 * the load bench: `&`, `<`, `>` become entities, then e-mail-like addresses,
 * web URLs and bare domain names become links (`<mailto:a@b.com|a@b.com>`,
 * `<http://pbx.example.com|pbx.example.com>`). Links are never nested.
 */
const LINKABLE =
  /(https?:\/\/[^\s<>|&]+)|([\w.+-]+@[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io))\b|(?<![\w.@/-])((?:[\w-]+\.)+(?:com|net|org|io))\b/gi;

export function escapeAsSlackDoes(text: string): string {
  const entities = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return entities.replace(LINKABLE, (match, url?: string, address?: string, domain?: string) => {
    if (url !== undefined) return `<${url}|${url.replace(/^https?:\/\//, '')}>`;
    if (address !== undefined) return `<mailto:${address}|${address}>`;
    if (domain !== undefined) return `<http://${domain}|${domain}>`;
    return match;
  });
}
