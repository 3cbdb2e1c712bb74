/**
 * A pasted message's text made again from the paste's lines, as
 * readMessage made it the first time (see TextOrigin for why a message
 * keeps this rather than its text). What it keeps is small and shared: the
 * prepared lines (the paste's line offsets, which live as long as the
 * paste), where the message starts, and how it was read.
 */
import { TextOrigin } from '../../sip/text-origin.js';
import type { TextLines } from './extract-types.js';
import { type ReadOptions, readMessage } from './read-message.js';
import type { StartLineMatch } from './start-line.js';

export class ReadAgain extends TextOrigin {
  constructor(
    private readonly lines: TextLines,
    private readonly index: number,
    private readonly match: StartLineMatch,
    private readonly options: ReadOptions,
  ) {
    super();
  }

  /** The same reading of the same lines gives the same text: lines, match and options never change. */
  text(): string {
    return readMessage(this.lines, this.index, this.match, this.options).text;
  }
}
