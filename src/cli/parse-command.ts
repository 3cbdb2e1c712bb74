/** `sip-triage parse <file|->`: every SIP message in a paste, log or capture, one line each, or JSON. */
import type { Readable } from 'node:stream';
import { parseInput } from '../core/ingest/parse-input.js';
import { terminalSafe } from '../core/render/terminal-safe.js';
import {
  formatMessageLine,
  type MessageSummary,
  summarizeMessage,
} from '../core/sip/message-summary.js';
import type { SipLimits } from '../core/sip/types.js';
import { openInputFile } from './input-file.js';

export interface ParseCommandIo {
  stdout: (text: string) => void;
  stdin: Readable;
}

/** Runs the parse command; resolves with true when at least one SIP message was found. */
export async function runParseCommand(
  path: string,
  json: boolean,
  io: ParseCommandIo,
  limits: Partial<SipLimits> = {},
): Promise<boolean> {
  const result = await parseInput((await openInputFile(path, io.stdin)).open(), limits);
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
