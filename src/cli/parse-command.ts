/**
 * `sip-triage parse <file|->`: every SIP message in a paste, log or capture,
 * one line each, or JSON. Secrets (URI passwords, digest values, keys,
 * tokens) are redacted as `diagnose` redacts them, in the lines and in the
 * problem messages, unless `showSecrets` is set (`--show-secrets`).
 */
import type { Readable } from 'node:stream';
import { Redactor } from '../core/diagnose/redact.js';
import { parseInput } from '../core/ingest/parse-input.js';
import { writeJsonObject } from '../core/render/json.js';
import { terminalSafe } from '../core/render/terminal-safe.js';
import {
  formatMessageLine,
  type MessageSummary,
  summarizeMessage,
} from '../core/sip/message-summary.js';
import type { SipLimits } from '../core/sip/types.js';
import { type InputFile, openInputFile } from './input-file.js';

export interface ParseCommandOptions {
  /** Print URI passwords and digest values as they are (`--show-secrets`); redacted by default. */
  showSecrets?: boolean;
  /** Given the opened input before it is read, gives what to read (the CLI sizes the heap for it). */
  beforeRead?: (file: InputFile) => Promise<InputFile>;
}

export interface ParseCommandIo {
  stdout: (text: string) => void;
  /** What "-" reads; the process's standard input when absent. */
  stdin?: Readable;
}

/** Runs the parse command; resolves with true when at least one SIP message was found. */
export async function runParseCommand(
  path: string,
  json: boolean,
  io: ParseCommandIo,
  limits: Partial<SipLimits> = {},
  options: ParseCommandOptions = {},
): Promise<boolean> {
  const opened = await openInputFile(path, io.stdin, { maxInputBytes: limits.maxInputBytes });
  const file = options.beforeRead === undefined ? opened : await options.beforeRead(opened);
  const result = await parseInput(file.open(), limits, { file: file.file });
  const redactor = new Redactor();
  const redact = <T>(value: T): T => (options.showSecrets ? value : redactDeep(value, redactor));
  const summaries = result.messages.map((m) => redact(summarizeMessage(m)));
  const problems = redact(result.problems);
  const skipped = Object.values(result.skipped).reduce((sum, n) => sum + n, 0);
  if (json) {
    // In pieces: a capture's listing is tens of megabytes of JSON (see render/json.ts).
    writeJsonObject(
      {
        input: result.input,
        format: result.format,
        messages: summaries,
        skipped,
        skippedReasons: result.skipped,
        problems,
        redactions: options.showSecrets ? null : redactor.count,
      },
      io.stdout,
    );
  } else {
    // Numbered from 1, as diagnose numbers the messages it quotes ("#3").
    summaries.forEach((summary, i) => {
      io.stdout(textLines(summary, i + 1));
    });
    for (const problem of problems) io.stdout(`! ${terminalSafe(problem.message)}\n`);
    const reasons = Object.entries(result.skipped)
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => `${reason} ${n}`)
      .join(', ');
    if (summaries.length === 0) {
      io.stdout(
        'No SIP messages found. Give it raw SIP messages, a log excerpt (Asterisk, FreeSWITCH, Kamailio, syslog, sngrep, tshark, ngrep, tcpdump -A) or a .pcap/.pcapng capture.\n',
      );
      return false;
    }
    const redacted =
      redactor.count > 0
        ? `; ${redactor.count} secret${redactor.count === 1 ? '' : 's'} redacted (--show-secrets prints them)`
        : '';
    io.stdout(
      `${summaries.length} SIP message${summaries.length === 1 ? '' : 's'} (${result.format})${skipped > 0 ? `, ${skipped} skipped (${reasons})` : ''}${redacted}\n`,
    );
  }
  return summaries.length > 0;
}

function textLines(summary: MessageSummary, n: number): string {
  const lines = [`#${n}  ${terminalSafe(formatMessageLine(summary))}`];
  for (const p of summary.problems) {
    lines.push(
      `    ${p.severity} ${p.id}: ${terminalSafe(p.message)}${p.line !== undefined ? ` (line ${p.line})` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A copy of `value` with every string in it redacted (numbers, booleans and null kept). */
function redactDeep<T>(value: T, redactor: Redactor): T {
  if (typeof value === 'string') return redactor.text(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redactor)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, redactDeep(v, redactor)]),
    ) as T;
  }
  return value;
}
