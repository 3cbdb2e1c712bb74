/**
 * The embedded default face: a chat in the terminal. Interactive when stdin
 * is a terminal (prompt, colour); otherwise it answers its input and exits
 * at its end, so `echo '/sip 503' | npm start` works.
 *
 * Every line is a command, except a pasted trace: a line that opens a SIP
 * message starts a paste that runs until a line holding only ".", the next
 * "/" command, or the end of input; at a terminal, a paste also ends when no
 * further line follows within a moment (a paste arrives all at once, a typed
 * line does not).
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Adapter, PlatformCapabilities } from '../../core/app/adapter.js';
import { type App, createApp } from '../../core/app/handle.js';
import type { AppRequest } from '../../core/app/request.js';
import { settleReply } from '../../core/app/settle-reply.js';
import type { Card } from '../../core/card.js';
import type { KnowledgeBase } from '../../core/knowledge/knowledge-base.js';
import type { OutputFormat } from '../../core/render/output-formats.js';
import { renderText } from '../../core/render/text.js';
import { errorContext, type Logger } from '../../logger.js';

/** A line longer than this is not a query; it is answered with a hint instead of being searched. */
export const MAX_LINE_LENGTH = 2000;
/** How long a terminal paste may pause between lines before it counts as finished. */
const PASTE_IDLE_MS = 60;

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  interactive: boolean;
  color: boolean;
  format: OutputFormat;
  width?: number;
  kb: KnowledgeBase;
  logger: Logger;
  /** The core to talk to; one is made from `kb` when not given. */
  app?: App;
  /**
   * Called on Ctrl-C (readline's SIGINT at a terminal, or the process's
   * SIGINT); the default ends the process at once with code 130.
   */
  onInterrupt?: () => void;
}

/** The exit code of a program stopped by Ctrl-C (128 + SIGINT). */
export const INTERRUPTED_EXIT_CODE = 130;

const QUIT = /^\/?(quit|exit|bye)$/i;
const END_OF_PASTE = /^\.$/;
/** A request line ("INVITE sip:... SIP/2.0") or a status line ("SIP/2.0 486 ..."), after any log prefix. */
const SIP_START = /(?:^|\s)(?:[A-Z]{3,12} \S+ SIP\/2\.0\s*$|SIP\/2\.0 [1-6]\d\d\b)/;

export const CONSOLE_CAPABILITIES: PlatformCapabilities = {
  threads: false,
  ephemeral: false,
  buttons: false,
  fileUpload: false,
  updates: false,
  maxMessageChars: Number.MAX_SAFE_INTEGER,
  maxUploadBytes: 0,
};

export class ConsoleAdapter implements Adapter {
  readonly name = 'console';
  readonly capabilities = CONSOLE_CAPABILITIES;
  /** Lines answered so far (commands and pastes). */
  answered = 0;
  private finished: Promise<number> | undefined;

  constructor(private readonly options: ConsoleOptions) {}

  /** Starts reading; resolves at once. `done` resolves at end of input or /quit. */
  async start(): Promise<void> {
    this.finished ??= runConsole(this.options);
  }

  /** Resolves with the number of answers given, once the console has finished. */
  get done(): Promise<number> {
    return this.finished ?? Promise.resolve(0);
  }

  async stop(): Promise<void> {
    this.options.input.destroy();
    await this.done;
  }
}

/** Runs the console until end of input or /quit. Resolves with the number of entries answered. */
export async function runConsole(options: ConsoleOptions): Promise<number> {
  const { input, output, interactive } = options;
  const app =
    options.app ??
    createApp({
      kb: options.kb,
      onError: (error, request) =>
        options.logger.error('console: could not answer an entry', {
          ...errorContext(error),
          type: request.type,
        }),
    });
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
      'sip-triage console. Ask `/sip 403`, `/sip busy`, `/sip q850 34`, or paste SIP messages (end with a line holding "."); `/sip help` for more, `/quit` to leave.\n',
    );
    rl.setPrompt('sip> ');
    rl.prompt();
  }

  let answered = 0;
  let paste: string[] | undefined;
  let idle: NodeJS.Timeout | undefined;
  let queue = Promise.resolve();
  let quit = false;

  const respond = (entry: string): void => {
    queue = queue.then(async () => {
      write(await answer(entry, { ...options, app }));
      answered += 1;
      if (interactive && !quit) rl.prompt();
    });
  };
  const endPaste = (): void => {
    if (idle !== undefined) clearTimeout(idle);
    idle = undefined;
    if (paste === undefined) return;
    const text = paste.join('\n');
    paste = undefined;
    if (text.trim() !== '') respond(text);
  };

  // Ctrl-C at a terminal reaches readline as a key, not as a signal; without a
  // listener readline only pauses its input, and the console neither answers
  // nor exits. Either way it now ends at once with 130, like a shell program.
  let interrupted = false;
  const interrupt = (): void => {
    if (interrupted) return;
    interrupted = true;
    quit = true;
    if (idle !== undefined) clearTimeout(idle);
    paste = undefined;
    if (interactive) write('\n');
    rl.close();
    (options.onInterrupt ?? exitInterrupted)();
  };
  rl.on('SIGINT', interrupt);
  process.on('SIGINT', interrupt);

  await new Promise<void>((resolve) => {
    rl.on('line', (line) => {
      if (quit) return;
      const text = line.trim();
      if (paste !== undefined) {
        if (END_OF_PASTE.test(text) || text.startsWith('/')) endPaste();
        else {
          paste.push(line);
          if (interactive) {
            clearTimeout(idle);
            idle = setTimeout(endPaste, PASTE_IDLE_MS);
          }
          return;
        }
        if (END_OF_PASTE.test(text)) return;
      }
      if (QUIT.test(text)) {
        quit = true;
        rl.close();
        return;
      }
      if (SIP_START.test(line)) {
        paste = [line];
        if (interactive) idle = setTimeout(endPaste, PASTE_IDLE_MS);
        return;
      }
      if (text) respond(text);
      else if (interactive) rl.prompt();
    });
    rl.on('close', () => {
      if (!interrupted) endPaste();
      resolve();
    });
  });
  try {
    await queue;
  } finally {
    process.off('SIGINT', interrupt);
  }
  return answered;
}

function exitInterrupted(): void {
  process.exit(INTERRUPTED_EXIT_CODE);
}

type Render = (card: Card, options: { color?: boolean; width?: number }) => string;

/** The renderer of `format`: plain text, the console's usual output, loads no other. */
async function rendererOf(format: OutputFormat): Promise<Render> {
  if (format === 'text') return renderText;
  const { renderAs } = await import('../../core/render/render-as.js');
  return (card, options) => renderAs(card, format, options);
}

/** One entry in (a command or a paste), its rendered reply out; never throws. */
export async function answer(
  text: string,
  options: Pick<ConsoleOptions, 'kb' | 'format' | 'color' | 'width' | 'logger' | 'app'>,
): Promise<string> {
  if (text.length > MAX_LINE_LENGTH && !text.includes('\n')) {
    return `That line is ${text.length} characters long; a query is a code, a cause or a few words (at most ${MAX_LINE_LENGTH} characters).\n`;
  }
  const app =
    options.app ??
    createApp({
      kb: options.kb,
      onError: (error) =>
        options.logger.error('console: could not answer an entry', {
          ...errorContext(error),
          length: text.length,
        }),
    });
  const request: AppRequest = {
    type: 'command',
    text,
    origin: { platform: 'console', user: { id: 'local' }, conversation: 'console' },
  };
  try {
    // The console prints cards only; a picture that could not be drawn is still said on its card.
    const reply = await settleReply(await app.handle(request));
    if (reply.messages.length === 0) return 'Nothing to say about that. Try `/sip help`.\n';
    const render = await rendererOf(options.format);
    return reply.messages
      .map((m) => render(m.card, { color: options.color, width: options.width }))
      .join('\n');
  } catch (error) {
    options.logger.error('console: could not answer an entry', {
      ...errorContext(error),
      length: text.length,
    });
    return 'Sorry, something went wrong answering that; the details are in the log. Try another query.\n';
  }
}
