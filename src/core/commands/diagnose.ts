/**
 * Diagnosis of pasted text and trace files: `/sip <paste>`, `/sip diagnose
 * <paste>`, a channel message holding SIP messages, a shared .pcap or log.
 * Each source gets its own diagnosis card, with its checklist seed as the
 * message's state (for "post checklist") and a "Full JSON" action. The
 * card never waits for its pictures: they follow as pending files.
 *
 * Routing loads the SIP reader only for text that may hold SIP (is there
 * SIP in it?); the diagnosis itself (trace, rules, cards, pictures) is in
 * diagnosis-answer.ts, loaded when a diagnosis is made, so a lookup typed as
 * free text (the console's `/sip 403`) loads neither.
 */

import { resolvePolicy } from '../app/policy.js';
import { NO_REPLY, type OutgoingMessage, single } from '../app/reply.js';
import type { Attachment } from '../app/request.js';
import type { ParseInputResult } from '../ingest/parse-input.js';
import { literal } from '../inline.js';
import { type CommandContext, defineCommand } from './command.js';
import { messageCard } from './message-card.js';

/**
 * Names of files worth diagnosing when they are shared without a command;
 * captures are usually shared gzip'd (`call.pcap.gz`), which ingest reads.
 */
const TRACE_FILE = /\.(pcap|pcapng|cap|txt|log|json|sip)(\.gz)?$/i;

/** Whether a file shared without a command is one the bot would diagnose (by its name). */
export function isTraceFileName(name: string): boolean {
  return TRACE_FILE.test(name);
}
const EXPLICIT = /^diagnose(?:\s+|$)/i;

interface DiagnoseArgs {
  text: string;
  /** The text already parsed, when routing had to parse it to see that it holds SIP. */
  parsed: ParseInputResult | undefined;
  /** Asked for by name: every attachment is tried and "nothing found" gets an answer. */
  explicit: boolean;
}

/**
 * Loads the modules a diagnosis of a capture or a text runs (its reader,
 * the diagnosis and its answer) now, for a face that wants them loaded
 * before they are first used (the CLI, before it changes a V8 flag:
 * src/cli/code-cache.ts).
 */
export async function loadDiagnosisModules(kind: 'capture' | 'text'): Promise<void> {
  await Promise.all([
    import('./diagnosis-answer.js'),
    fileReader().then(({ loadReader }) => loadReader(kind)),
  ]);
}

/** The SIP reader of pasted text and of files, loaded on first use. */
const textReader = () => import('../ingest/parse-text.js');
const fileReader = () => import('../ingest/parse-input.js');

/** Whether text could hold a SIP message at all (cheap, before parsing it). */
function mayHoldSip(text: string): boolean {
  return text.includes('\n') && /SIP\/2\.0/i.test(text);
}

export const diagnose = defineCommand<DiagnoseArgs>({
  name: 'diagnose',
  async parse(text, request) {
    if (EXPLICIT.test(text))
      return { text: text.replace(EXPLICIT, ''), parsed: undefined, explicit: true };
    const files = request.type === 'action' ? [] : (request.attachments ?? []);
    let parsed: ParseInputResult | undefined;
    if (mayHoldSip(text)) {
      // Under the same limits as the diagnosis: the parse made here to route the text is the one
      // it diagnoses, so an operator's SIP_MAX_* settings must hold for it too.
      const { limits } = resolvePolicy(request.origin.platform, request.policy);
      parsed = (await textReader()).parseText(text, limits);
      if (parsed.messages.length === 0) parsed = undefined;
    }
    if (parsed === undefined && !files.some((f) => isTraceFileName(f.name))) return undefined;
    return { text, parsed, explicit: false };
  },
  async run(args, ctx) {
    const placement = ctx.request.type === 'message' ? 'thread' : 'reply';
    const sources: { label: string; input: ParseInputResult; file?: string }[] = [];
    const notes: OutgoingMessage[] = [];
    const text =
      args.parsed ??
      (args.text.trim() === ''
        ? undefined
        : (await textReader()).parseText(args.text, ctx.policy.limits));
    if (text !== undefined && (text.messages.length > 0 || args.explicit))
      sources.push({ label: 'the pasted text', input: text });
    const files = ctx.request.type === 'action' ? [] : (ctx.request.attachments ?? []);
    const wanted = files.filter((f) => args.explicit || isTraceFileName(f.name));
    for (const file of wanted.slice(0, ctx.policy.maxAttachments)) {
      const read = await readFile(file, ctx);
      if ('note' in read) notes.push(note(read.title, read.note, placement));
      // A shared text file without SIP in it is somebody's notes, not a question; a capture is.
      else if (read.input.messages.length > 0 || args.explicit || read.input.input !== 'text')
        sources.push({ label: file.name, input: read.input, file: file.name });
    }
    const left = wanted.length - ctx.policy.maxAttachments;
    if (left > 0)
      notes.push(
        note(
          `${left} more file${left === 1 ? '' : 's'} not read`,
          `One message is diagnosed from at most ${ctx.policy.maxAttachments} files. Share the others in a message of their own.`,
          placement,
        ),
      );
    if (sources.length === 0 && notes.length === 0 && args.explicit)
      sources.push({ label: 'the message', input: emptyInput() });
    // Several sources in one answer are told apart by name.
    const named = sources.length > 1;
    const messages: OutgoingMessage[] = [];
    if (sources.length > 0) {
      const { diagnosisMessage } = await import('./diagnosis-answer.js');
      for (const s of sources)
        messages.push(
          diagnosisMessage(s.input, named ? s.label : undefined, ctx, placement, s.file),
        );
    }
    messages.push(...notes);
    return messages.length === 0 ? NO_REPLY : { messages };
  },
  actions: ['full-json'],
  async onAction(_event, ctx) {
    const request = ctx.request;
    const text = request.text ?? '';
    const inputs: ParseInputResult[] = [];
    const [{ parseText }, { parseInput }] = await Promise.all([textReader(), fileReader()]);
    if (text.trim() !== '') inputs.push(parseText(text, ctx.policy.limits));
    for (const file of (request.attachments ?? []).slice(0, ctx.policy.maxAttachments))
      inputs.push(await parseInput(file.open(), ctx.policy.limits, { file: file.file }));
    const found = inputs.filter((i) => i.messages.length > 0);
    if (found.length === 0)
      return single(
        messageCard(
          'The traced message is gone',
          'The message this diagnosis answered could not be read again. Paste the trace once more.',
        ),
        { kind: 'thread' },
        { visibility: 'ephemeral' },
      );
    const { diagnosisJsonText } = await import('./diagnosis-answer.js');
    return {
      messages: found.map((input, i) => {
        const json = diagnosisJsonText(input, ctx);
        const name = `diagnosis${found.length > 1 ? `-${i + 1}` : ''}.json`;
        return {
          card: messageCard(
            'Full JSON of the diagnosis',
            `Every finding, evidence line and call, in \`${name}\`.`,
          ),
          placement: { kind: 'thread' },
          visibility: 'public',
          files: [{ name, contentType: 'application/json', content: json }],
        } satisfies OutgoingMessage;
      }),
    };
  },
});

function emptyInput(): ParseInputResult {
  return { input: 'text', format: 'empty', messages: [], skipped: {}, problems: [] };
}

type FileRead = { input: ParseInputResult } | { title: string; note: string };

async function readFile(file: Attachment, ctx: CommandContext): Promise<FileRead> {
  const max = ctx.policy.limits.maxInputBytes;
  if (file.size !== undefined && file.size > max) {
    return {
      title: `${literal(file.name)} is too large`,
      note: `${literal(file.name)} is ${megabytes(file.size)}; the limit is ${megabytes(max)} (SIP_MAX_INPUT_BYTES). Cut it to the failing calls first, e.g. \`tshark -r in.pcap -Y sip -w out.pcap\`, or ask the bot's operator to raise the limit.`,
    };
  }
  try {
    const { parseInput } = await fileReader();
    return { input: await parseInput(file.open(), ctx.policy.limits, { file: file.file }) };
  } catch (error) {
    return {
      title: `Could not read ${literal(file.name)}`,
      note: `Downloading or reading the file failed (${literal(error instanceof Error ? error.message : String(error))}). Share it again, or paste the SIP messages as text.`,
    };
  }
}

/** A short note where the diagnosis would have gone; `title` and `text` are inline text. */
function note(title: string, text: string, placement: 'thread' | 'reply'): OutgoingMessage {
  return {
    card: messageCard(title, text),
    placement: { kind: placement },
    visibility: 'public',
    files: [],
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}
