/**
 * What a cut by an input limit tells the reader to do about it: the limits
 * come from the environment (config.ts), so the advice names the variable
 * that raises each one; a chat user passes it on to the bot's operator.
 */

/** Said after "only the first N bytes were read". */
export const RAISE_BYTES =
  'raise SIP_MAX_INPUT_BYTES (default 64 MiB) to read a larger input whole.';

/** Said after "only the first N messages were read". */
export const RAISE_MESSAGES =
  'raise SIP_MAX_MESSAGES (default 200,000) to read more messages of one input.';
