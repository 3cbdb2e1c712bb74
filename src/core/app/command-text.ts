/** `/sip 403`, `sip 403`, `/sip-triage 403` and `403` all mean the same. */
const COMMAND_WORD = /^\/?sip(?:-triage)?(?=\s|$)\s*/i;

/** The text after the bot's command word, trimmed. */
export function commandText(text: string): string {
  return text.trim().replace(COMMAND_WORD, '').trim();
}
