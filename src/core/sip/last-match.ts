/**
 * A successful regex match leaves its subject in the engine's legacy RegExp
 * statics (RegExp.input, RegExp.lastMatch, RegExp.$1...), one slot per
 * process that any code can read until the next successful match. The parser
 * matches message text (the Call-ID check, the non-ASCII scan of a body), and
 * the subject is often a slice that keeps the whole message text alive, so a
 * parse ends by matching a constant in its place: nothing of the message is
 * left where the next input's parse could reach it.
 */
const NOTHING = /(?:)/;

/** Replaces whatever the last successful regex match left in the RegExp statics with an empty match. */
export function forgetLastMatch(): void {
  NOTHING.test('');
}
