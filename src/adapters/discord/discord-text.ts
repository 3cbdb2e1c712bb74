/**
 * A paste as Discord shows it, back to the text that was pasted. People wrap
 * traces in code blocks (```sip ... ```, often with a sentence before and
 * after) or quote them (`> ` per line, or `>>> ` for the rest of the
 * message), and a bot mention may lead the message. The fence lines, the
 * quote markers and the mention go; every other character stays as it was,
 * so a paste diagnoses exactly as the same text does in the CLI.
 */

const FENCE = /^\s*```[\w+-]*\s*$/;
const GLUED_OPEN = /^\s*```(?=[A-Z]+ \S+ SIP\/2\.0|SIP\/2\.0 )/;
const MENTION = /<@!?\d{1,20}>/g;

export function unwrapDiscordPaste(content: string): string {
  const lines = content.replace(MENTION, '').split('\n');
  const out: string[] = [];
  let quoteRest = false;
  for (let line of lines) {
    if (!quoteRest && line.startsWith('>>> ')) {
      quoteRest = true;
      line = line.slice(4);
    } else if (!quoteRest && line.startsWith('> ')) line = line.slice(2);
    else if (!quoteRest && line === '>') line = '';
    if (FENCE.test(line)) continue;
    // "```INVITE sip:..." or "...</xml>```": a fence glued to the text it wraps.
    if (GLUED_OPEN.test(line)) line = line.replace(GLUED_OPEN, '');
    else if (line.trimEnd().endsWith('```')) line = line.trimEnd().slice(0, -3);
    out.push(line);
  }
  return out.join('\n');
}
