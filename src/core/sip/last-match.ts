/**
 * A successful regex match leaves its subject in the engine's legacy RegExp
 * statics (RegExp.input, RegExp.lastMatch, RegExp.$1...), one slot per
 * process that any code can read until the next successful match; the
 * subject is often a slice that keeps a whole message text alive. The
 * parser's regexes on message text (the Call-ID check, the non-ASCII scan of
 * a body) look for what is wrong, so good input does not match and leaves
 * nothing there; when one does match, a match on a constant takes its place.
 * Extraction, whose regexes do match lines of a paste, clears the slot once
 * per input.
 */
const NOTHING = /(?:)/;

/** Replaces whatever the last successful regex match left in the RegExp statics with an empty match. */
export function forgetLastMatch(): void {
  NOTHING.test('');
}
