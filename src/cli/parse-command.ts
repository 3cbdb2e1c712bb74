/** `sip-triage parse <file|->`: every SIP message in a paste, log or capture, one line each, or JSON. */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { parseInput } from '../core/ingest/parse-input.js';
import { terminalSafe } from '../core/render/terminal-safe.js';
import {
  formatMessageLine,
  type MessageSummary,
  summarizeMessage,
} from '../core/sip/message-summary.js';
import type { SipLimits } from '../core/sip/types.js';

export interface ParseCommandIo {
  stdout: (text: string) => void;
  stdin: Readable;
}

export class InputFileError extends Error {}

/** Runs the parse command; resolves with true when at least one SIP message was found. */
export async function runParseCommand(
  path: string,
  json: boolean,
  io: ParseCommandIo,
  limits: Partial<SipLimits> = {},
): Promise<boolean> {
  const result = await parseInput(inputChunks(path, io.stdin), limits);
  const summaries = result.messages.map(summarizeMessage);
  const skipped = Object.values(result.skipped).reduce((sum, n) => sum + n, 0);
  if (json) {
    io.stdout(
      `${JSON.stringify(
        {
          input: result.input,
          format: result.format,
          messages: summaries,
          skipped,
          skippedReasons: result.skipped,
          problems: result.problems,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    for (const summary of summaries) io.stdout(textLines(summary));
    for (const problem of result.problems) io.stdout(`! ${terminalSafe(problem.message)}\n`);
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
    io.stdout(
      `${summaries.length} SIP message${summaries.length === 1 ? '' : 's'} (${result.format})${skipped > 0 ? `, ${skipped} skipped (${reasons})` : ''}\n`,
    );
  }
  return summaries.length > 0;
}

function textLines(summary: MessageSummary): string {
  const lines = [terminalSafe(formatMessageLine(summary))];
  for (const p of summary.problems) {
    lines.push(
      `    ${p.severity} ${p.id}: ${terminalSafe(p.message)}${p.line !== undefined ? ` (line ${p.line})` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The file (or standard input for "-") as chunks of bytes. */
export function inputChunks(path: string, stdin: Readable): AsyncGenerator<Uint8Array> {
  return readable(path === '-' ? stdin : createReadStream(path), path);
}

/** The stream as chunks of bytes; a missing or unreadable file becomes an InputFileError. */
async function* readable(stream: Readable, path: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) {
      yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : (error as Error).message;
    throw new InputFileError(`cannot read ${path}: ${reason}`);
  }
}
