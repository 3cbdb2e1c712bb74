/**
 * The embedded default adapter: a chat in the terminal. Interactive when
 * stdin is a terminal (prompt, colour); otherwise it answers each line of
 * input and exits at end of input, so `echo '/sip 503' | npm start` works.
 * It is also the in-memory chat backend the tests talk to.
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { OutputFormat } from '../../config.js';
import { parseChatCommand, runChatCommand } from '../../core/commands/route-message.js';
import type { KnowledgeBase } from '../../core/knowledge/knowledge-base.js';
import { renderAs } from '../../core/render/render-as.js';
import { errorContext, type Logger } from '../../logger.js';

/** A line longer than this is not a query; it is answered with a hint instead of being searched. */
export const MAX_LINE_LENGTH = 2000;

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  interactive: boolean;
  color: boolean;
  format: OutputFormat;
  width?: number;
  kb: KnowledgeBase;
  logger: Logger;
}

const QUIT = /^\/?(quit|exit|bye)$/i;

/** Runs the console until end of input or /quit. Resolves with the number of lines answered. */
export async function runConsole(options: ConsoleOptions): Promise<number> {
  const { input, output, interactive } = options;
  const rl = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const write = (text: string): void => {
    output.write(text);
  };
  if (interactive) {
    write(
      'sip-triage console. Ask `/sip 403`, `/sip busy`, `/sip q850 34`; `/sip help` for more, `/quit` to leave.\n',
    );
    rl.setPrompt('sip> ');
    rl.prompt();
  }
  let answered = 0;
  for await (const line of rl) {
    const text = line.trim();
    if (QUIT.test(text)) break;
    if (text) {
      write(answer(text, options));
      answered += 1;
    }
    if (interactive) rl.prompt();
  }
  rl.close();
  return answered;
}

/** One line in, one rendered reply out; never throws. */
export function answer(
  text: string,
  options: Pick<ConsoleOptions, 'kb' | 'format' | 'color' | 'width' | 'logger'>,
): string {
  if (text.length > MAX_LINE_LENGTH) {
    return `That line is ${text.length} characters long; a query is a code, a cause or a few words (at most ${MAX_LINE_LENGTH} characters).\n`;
  }
  try {
    const card = runChatCommand(parseChatCommand(text), options.kb);
    return renderAs(card, options.format, { color: options.color, width: options.width });
  } catch (error) {
    options.logger.error('console: could not answer a line', {
      ...errorContext(error),
      length: text.length,
    });
    return 'Sorry, something went wrong answering that; the details are in the log. Try another query.\n';
  }
}
