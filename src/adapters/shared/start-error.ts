/**
 * A chat platform would not let the bot start: its token was refused, or
 * the platform's API could not be reached. The message says so in one
 * sentence, with the setting to check; `main` prints it as it is and exits 1
 * (no stack: nothing unexpected happened in the bot).
 */
export class ChatStartError extends Error {
  override name = 'ChatStartError';
}
