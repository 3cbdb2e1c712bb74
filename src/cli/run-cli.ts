/**
 * The `sip-triage` command, as a function of its arguments (the entry point is ../cli.ts).
 *   sip-triage explain <query> [--json] [--format text|markdown|json|slack|discord]
 *   sip-triage list [--class 4xx] [--json]
 *   sip-triage parse <file|-> [--json]
 *   sip-triage diagnose <file|-> [--format text|markdown|json|slack|discord|mermaid|svg|png|html] [-o file]
 *   sip-triage console
 * Exit codes: 0 found, 1 not found, 2 usage error (or invalid configuration, or an
 * unreadable file), 3 broken knowledge base.
 */
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config-names.js';
import type { Picture, PolicyChoices } from '../core/app/policy.js';
import type { OutgoingMessage } from '../core/app/reply.js';
import type { AppRequest, Attachment } from '../core/app/request.js';
import type { Card } from '../core/card.js';
import type { KnowledgeBase } from '../core/knowledge/knowledge-base.js';
import { KnowledgeValidationError } from '../core/knowledge/knowledge-error.js';
import { loadKnowledgeBase } from '../core/knowledge/load-knowledge-base.js';
import { SnapshotReadError } from '../core/knowledge/snapshot-file.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../core/render/output-formats.js';
import { cliConfig, knowledgeNotePath } from './cli-config.js';
import { answerWithoutCore, HELP } from './help.js';
import { type InputFile, InputFileError, openInputFile } from './input-file.js';
import {
  standardOutputTerminal,
  writeStandardError,
  writeStandardOutput,
} from './standard-output.js';
import type { BeforeCap } from './young-generation.js';

// Each command imports what it uses when it runs (import() below): a lookup
// never loads the SIP parser, the diagnosis or the renderers it does not
// print with, and --help or --version load nothing of the core.
export const EXIT = { found: 0, notFound: 1, usage: 2, knowledge: 3 } as const;

class UsageError extends Error {}

/** The knowledge base of `dir`, an installed copy's check noted in the user's cache folder. */
const knowledgeBase = (dir: string | undefined): Promise<KnowledgeBase> =>
  loadKnowledgeBase(dir, { verifiedNote: knowledgeNotePath() });

export interface Io {
  stdout: (text: string) => void;
  /** Binary output (a PNG down a pipe); the process's stdout when absent. */
  stdoutBytes?: (bytes: Uint8Array) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  columns?: number;
  stdin?: Readable;
  /**
   * The CLI is its process's only user (src/cli.ts): a command that reads a
   * whole input may size the process's heap for it (see young-generation.ts).
   * Tests that run the CLI inside their own process leave it unset.
   */
  ownsProcess?: boolean;
}

const defaultIo: Io = {
  stdout: writeStandardOutput,
  stdoutBytes: writeStandardOutput,
  stderr: writeStandardError,
  ...standardOutputTerminal(),
  ownsProcess: true,
};

/** Runs the CLI with the given arguments; returns the exit code. */
export async function runCli(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof InputFileError || isParseArgsError(error)) {
      const message = isParseArgsError(error)
        ? parseArgsMessage(error as Error, argv[0] ?? '')
        : (error as Error).message;
      io.stderr(`sip-triage: ${message}\nRun sip-triage --help for usage.\n`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      io.stderr(`${error.message}\n`);
      return EXIT.usage;
    }
    // An invalid knowledge folder, or a snapshot cut while in use: the message says what to do.
    if (error instanceof KnowledgeValidationError || error instanceof SnapshotReadError) {
      io.stderr(`${error.message}\n`);
      return EXIT.knowledge;
    }
    throw error;
  }
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  const answered = answerWithoutCore(argv, io);
  if (answered !== undefined) return answered;
  const [command = '', ...rest] = argv;
  // Only the variables the CLI uses; a chat variable or another tool's LOG_LEVEL never stops a lookup.
  const config = await cliConfig();
  const color = config.color ?? io.isTTY;
  switch (command) {
    case 'explain': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          json: { type: 'boolean' },
          format: { type: 'string', short: 'f' },
          help: { type: 'boolean', short: 'h' },
        },
      });
      if (values.help) {
        io.stdout(HELP);
        return EXIT.found;
      }
      const query = positionals.join(' ').trim();
      if (!query) throw new UsageError('explain needs a query, e.g. sip-triage explain 403');
      const format = pickFormat(values.format, values.json);
      // Through handle(), as every face: the registry loads the explain command alone.
      const kb = await knowledgeBase(config.knowledgeDir);
      const [card] = await ask(kb, 'explain', query);
      io.stdout(await render(card, format, { color, width: io.columns }));
      return card.kind === 'not-found' ? EXIT.notFound : EXIT.found;
    }
    case 'list': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          json: { type: 'boolean' },
          class: { type: 'string', short: 'c' },
          format: { type: 'string', short: 'f' },
        },
      });
      const clsArg = values.class ?? positionals[0];
      let cls: string | undefined;
      if (clsArg !== undefined) {
        const match = /^([1-6])xx$/i.exec(clsArg);
        if (!match) throw new UsageError(`--class takes 1xx to 6xx, not "${clsArg}"`);
        cls = `${match[1]}xx`;
      }
      const kb = await knowledgeBase(config.knowledgeDir);
      const [card] = await ask(kb, 'list', cls ?? '');
      const format = pickFormat(values.format, values.json);
      if (format !== 'text') {
        io.stdout(await render(card, format));
      } else {
        const codes = (card.data.codes ?? []) as { code: number; phrase: string; rfc: string }[];
        for (const c of codes) io.stdout(`${c.code}  ${c.phrase.padEnd(40)} ${c.rfc}\n`);
      }
      return EXIT.found;
    }
    case 'parse': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { json: { type: 'boolean' }, 'show-secrets': { type: 'boolean' } },
      });
      const [path, extra] = positionals;
      if (path === undefined) throw new UsageError('parse needs a file, or - for standard input');
      if (extra !== undefined) throw new UsageError('parse takes one file');
      const { runParseCommand } = await import('./parse-command.js');
      const found = await runParseCommand(
        path,
        values.json ?? false,
        {
          stdout: io.stdout,
          stdin: io.stdin,
        },
        config.sipLimits,
        {
          showSecrets: values['show-secrets'] ?? false,
          beforeRead: (file) => sizeHeapFor(file, config.sipLimits, io, false),
        },
      );
      return found ? EXIT.found : EXIT.notFound;
    }
    case 'diagnose': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          json: { type: 'boolean' },
          format: { type: 'string', short: 'f' },
          output: { type: 'string', short: 'o' },
          'hide-numbers': { type: 'boolean' },
          'hide-addresses': { type: 'boolean' },
        },
      });
      const [path, extra] = positionals;
      if (path === undefined)
        throw new UsageError('diagnose needs a file, or - for standard input');
      if (extra !== undefined) throw new UsageError('diagnose takes one file');
      const { PICTURES } = await import('../core/app/policy.js');
      const format = pickDiagnoseFormat(values.format, values.json, PICTURES);
      const picture = (PICTURES as readonly string[]).includes(format)
        ? (format as Picture)
        : undefined;
      // A PNG or an HTML page is not for a terminal: it goes to a file, or down a pipe.
      if ((picture === 'png' || picture === 'html') && values.output === undefined && io.isTTY)
        throw new UsageError(
          `--format ${picture} writes a file: add -o ${picture === 'png' ? 'call-flow.png' : 'report.html'}, or redirect the output`,
        );
      const opened = await openInputFile(path, io.stdin, {
        maxInputBytes: config.sipLimits.maxInputBytes,
      });
      // A text file is read on the thread pool while the modules and the knowledge base load.
      void opened.readAhead?.();
      // Capped before the knowledge base loads: a paste is read whole and parsed in one go,
      // with no chunk to check on, so the young generation must have reached its cap by then.
      const file = await sizeHeapFor(opened, config.sipLimits, io, true, (kind) =>
        loadDiagnose(kind, format),
      );
      const kb = await knowledgeBase(config.knowledgeDir);
      const [message] = await askMessages(kb, 'diagnose', '', [file], {
        hideNumbers: values['hide-numbers'] ?? false,
        hideAddresses: values['hide-addresses'] ?? false,
        limits: config.sipLimits,
        pictures: picture === undefined ? [] : [picture],
      });
      const card = message.card;
      const data = card.data as { verdict?: { outcome?: string }; mermaid?: string };
      const found = data.verdict?.outcome !== undefined && data.verdict.outcome !== 'no-sip-found';
      if (format === 'json') {
        // Written in pieces: the JSON of a large capture is tens of megabytes.
        const { writeJson } = await import('../core/render/json.js');
        const bytes = writePieces(values.output, io, (write) => writeJson(card, write));
        if (values.output !== undefined)
          io.stderr(`sip-triage: wrote ${values.output} (${sizeText(bytes)})\n`);
        return found ? EXIT.found : EXIT.notFound;
      }
      let output: string | Uint8Array;
      if (picture !== undefined) {
        const drawn = message.files.find((f) => f.name.endsWith(`.${picture}`));
        if (drawn === undefined) {
          // No SIP, or the picture failed: the card says why.
          io.stderr(await render(card, 'text', { color: false, width: io.columns }));
          return found ? EXIT.usage : EXIT.notFound;
        }
        output = drawn.content;
      } else if (format === 'mermaid') output = `${data.mermaid ?? ''}\n`;
      else {
        // What is left once pictures and Mermaid are handled above.
        const cardFormat = format as OutputFormat;
        output =
          (await render(card, cardFormat, {
            color: values.output === undefined && color,
            width: io.columns,
          })) + moreHint(card, cardFormat);
      }
      if (values.output !== undefined) {
        const bytes = typeof output === 'string' ? Buffer.from(output, 'utf8') : output;
        writeOutput(values.output, bytes);
        io.stderr(`sip-triage: wrote ${values.output} (${sizeText(bytes.length)})\n`);
      } else if (typeof output === 'string') io.stdout(output);
      else (io.stdoutBytes ?? defaultIo.stdoutBytes)?.(output);
      return found ? EXIT.found : EXIT.notFound;
    }
    case 'console': {
      // Loaded only for this command: the other commands never need readline or the console.
      const [kb, [{ runConsole }, { createLogger }]] = await withKnowledge(
        config.knowledgeDir,
        Promise.all([import('../adapters/console/console-adapter.js'), import('../logger.js')]),
      );
      await runConsole({
        input: process.stdin,
        // The stream, built here if nothing built it yet, has its error handler (cli.ts).
        output: process.stdout,
        interactive: Boolean(process.stdin.isTTY),
        color,
        width: io.columns,
        format: config.consoleFormat,
        kb,
        logger: createLogger(config.logLevel),
      });
      return EXIT.found;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/**
 * Runs one command through the core, as every face does, and returns its
 * cards. The CLI is a terminal face: nothing is pseudonymised unless asked.
 */
async function ask(
  kb: KnowledgeBase,
  command: string,
  text: string,
  attachments: Attachment[] = [],
  policy: PolicyChoices = {},
): Promise<[Card, ...Card[]]> {
  const [first, ...rest] = (await askMessages(kb, command, text, attachments, policy)).map(
    (m) => m.card,
  );
  return [first as Card, ...rest];
}

/** As ask(), with the whole messages: their cards and the files that go with them. */
async function askMessages(
  kb: KnowledgeBase,
  command: string,
  text: string,
  attachments: Attachment[] = [],
  policy: PolicyChoices = {},
): Promise<[OutgoingMessage, ...OutgoingMessage[]]> {
  let failure: unknown;
  const [{ createApp }, { settleReply }] = await Promise.all([
    import('../core/app/handle.js'),
    import('../core/app/settle-reply.js'),
  ]);
  const app = createApp({
    kb,
    onError: (error) => {
      failure = error;
    },
  });
  // A file is written once: the pictures are awaited, and one that failed is on the card.
  const reply = await settleReply(await app.handle(cliRequest(command, text, attachments, policy)));
  // The CLI reports its own errors (a file that cannot be read is a usage error, exit 2).
  if (failure !== undefined) throw failure;
  const [first, ...rest] = reply.messages;
  if (first === undefined) throw new Error(`the ${command} command gave no answer`);
  return [first, ...rest];
}

/**
 * The knowledge base, loaded while `modules` load: Node reads module files
 * off the main thread, so parsing the snapshot meanwhile costs little extra.
 */
async function withKnowledge<T>(
  dir: string | undefined,
  modules: Promise<T>,
): Promise<[KnowledgeBase, T]> {
  // A knowledge error is the one to report; a module that failed to load surfaces below.
  modules.catch(() => undefined);
  const kb = await knowledgeBase(dir);
  return [kb, await modules];
}

type RenderOptions = { color?: boolean; width?: number };
type Renderer = (card: Card, options: RenderOptions) => string | Promise<string>;

/** The renderer of `format`, its module loaded alone (text and JSON are the usual cases). */
async function rendererOf(format: OutputFormat): Promise<Renderer> {
  if (format === 'text') return (await import('../core/render/text.js')).renderText;
  if (format === 'json') {
    const { renderJson } = await import('../core/render/json.js');
    return (card) => renderJson(card);
  }
  const { renderAs } = await import('../core/render/render-as.js');
  return (card, options) => renderAs(card, format, options);
}

/** Renders a card in `format`. */
async function render(
  card: Card,
  format: OutputFormat,
  options: RenderOptions = {},
): Promise<string> {
  return await (await rendererOf(format))(card, options);
}

/** A command typed at the terminal, as the core takes it. */
function cliRequest(
  command: string,
  text: string,
  attachments: Attachment[],
  policy: PolicyChoices = {},
): AppRequest {
  return {
    type: 'command',
    command,
    text,
    attachments,
    origin: { platform: 'cli', user: { id: 'local' }, conversation: 'cli' },
    policy,
  };
}

/** Diagnose's formats: the card's, a Mermaid diagram, or a picture (PICTURES). */
type DiagnoseFormat = OutputFormat | 'mermaid' | Picture;

function pickDiagnoseFormat(
  format: string | undefined,
  json: boolean | undefined,
  pictures: readonly Picture[],
): DiagnoseFormat {
  const accepted: readonly string[] = [...OUTPUT_FORMATS, 'mermaid', ...pictures];
  if (format !== undefined && !json && accepted.includes(format)) return format as DiagnoseFormat;
  return pickFormat(format, json, accepted);
}

/**
 * Writes what `produce` hands out, piece by piece, to the file at `path`
 * (or to standard output without one); returns the bytes written. A path
 * that cannot be written is the user's to fix (exit 2).
 */
export function writePieces(
  path: string | undefined,
  io: Io,
  produce: (write: (text: string) => void) => void,
): number {
  let bytes = 0;
  // Small pieces are gathered into one write of about PIECE_BYTES.
  let parts: string[] = [];
  let gathered = 0;
  const flushTo = (out: (text: string) => void): void => {
    if (parts.length === 0) return;
    const text = parts.length === 1 ? (parts[0] as string) : parts.join('');
    parts = [];
    gathered = 0;
    out(text);
  };
  const gather =
    (out: (text: string) => void) =>
    (text: string): void => {
      parts.push(text);
      gathered += text.length;
      if (gathered >= PIECE_BYTES) flushTo(out);
    };
  if (path === undefined) {
    const out = (text: string): void => {
      bytes += Buffer.byteLength(text, 'utf8');
      io.stdout(text);
    };
    produce(gather(out));
    flushTo(out);
    return bytes;
  }
  const fd = openOutput(path);
  const out = (text: string): void => {
    // The text goes to the file as it is: Node encodes it outside the JavaScript heap, where a
    // Buffer of each piece cost the 9 MB JSON of a 134 MB capture a fifth more time (timed in
    // process; as a whole process the difference is below this machine's noise).
    const size = Buffer.byteLength(text, 'utf8');
    try {
      const written = writeSync(fd, text);
      if (written < size) {
        // A write may take less than it was given (a pipe or FIFO named as the path): the rest,
        // from the byte it stopped at.
        const piece = Buffer.from(text, 'utf8');
        for (let at = written; at < size; ) at += writeSync(fd, piece, at);
      }
    } catch (error) {
      throw cannotWrite(path, error);
    }
    bytes += size;
  };
  try {
    produce(gather(out));
    flushTo(out);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/**
 * `file`, read with the young generation capped for it when the CLI has the
 * process to itself (see young-generation.ts); `knowledgeFollows`: the
 * command loads the knowledge base before it reads the file.
 */
async function sizeHeapFor(
  file: InputFile,
  limits: { maxInputBytes?: number },
  io: Io,
  knowledgeFollows: boolean,
  beforeCap?: BeforeCap,
): Promise<InputFile> {
  if (io.ownsProcess !== true) return file;
  const { withYoungGenerationCap } = await import('./young-generation.js');
  return await withYoungGenerationCap(file, limits.maxInputBytes, knowledgeFollows, beforeCap);
}

/**
 * Loads what `diagnose --format format` runs, before the young generation's
 * cap changes a V8 flag (see BeforeCap): the core's request handling, the
 * diagnosis of that kind of input, the renderer, and the capture magic
 * numbers that input-file.ts checks the first chunk against.
 */
async function loadDiagnose(kind: 'capture' | 'text', format: string): Promise<void> {
  await Promise.all([
    import('../core/ingest/capture/capture-magic.js'),
    import('../core/app/handle.js'),
    import('../core/app/settle-reply.js'),
    import('../core/commands/diagnose.js').then(({ loadDiagnosisModules }) =>
      loadDiagnosisModules(kind),
    ),
    // A picture's format is drawn by the diagnosis's own modules, loaded above.
    (OUTPUT_FORMATS as readonly string[]).includes(format)
      ? rendererOf(format as OutputFormat)
      : undefined,
  ]);
}

/** About how much of a piecewise output goes out per write (see writePieces). */
const PIECE_BYTES = 1 << 20;

function openOutput(path: string): number {
  try {
    return openSync(path, 'w');
  } catch (error) {
    throw cannotWrite(path, error);
  }
}

function cannotWrite(path: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  return new UsageError(
    `cannot write ${path}${code === undefined ? '' : ` (${code})`}: pick a path in a folder you can write to`,
  );
}

/** Writes the output file; a path that cannot be written is the user's to fix (exit 2). */
function writeOutput(path: string, bytes: Uint8Array): void {
  try {
    writeFileSync(path, bytes);
  } catch (error) {
    throw cannotWrite(path, error);
  }
}

function sizeText(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB`;
}

/** The terminal's way to the full JSON of a diagnosis (chat faces show a button instead). */
function moreHint(card: Card, format: OutputFormat): string {
  if (format !== 'text' && format !== 'markdown') return '';
  return card.actions.some((a) => a.id === 'full-json')
    ? '\nFull JSON (every finding, evidence line and call): add --format json.\n'
    : '';
}

/** The output format; `accepted` is what the command takes (diagnose also takes mermaid, handled by its caller). */
function pickFormat(
  format: string | undefined,
  json: boolean | undefined,
  accepted: readonly string[] = OUTPUT_FORMATS,
): OutputFormat {
  if (json) {
    if (format !== undefined && format !== 'json')
      throw new UsageError('--json and --format disagree; use one');
    return 'json';
  }
  if (format === undefined) return 'text';
  if (!accepted.includes(format)) {
    throw new UsageError(`--format takes ${accepted.join(', ')}, not "${format}"`);
  }
  return format as OutputFormat;
}

/** Node's parseArgs messages, said plainly and for the command at hand. */
export function parseArgsMessage(error: Error, command: string): string {
  const unknown = /^Unknown option '([^']+)'/.exec(error.message);
  if (unknown) {
    const option = unknown[1] ?? '';
    const hint =
      command === 'parse' && /^(--format|-f)$/.test(option)
        ? ': parse prints text, or JSON with --json'
        : '';
    return `${command} has no ${option} option${hint}`;
  }
  const missing = /^Option '(?:-\w, )?(--[\w-]+) <value>' argument missing/.exec(error.message);
  if (missing) return `${missing[1]} needs a value`;
  const noValue = /^Option '(?:-\w, )?(--[\w-]+)' does not take an argument/.exec(error.message);
  if (noValue) return `${noValue[1]} takes no value`;
  return error.message;
}

function isParseArgsError(error: unknown): boolean {
  return (
    error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')
  );
}
