/** `sip-triage diagnose <file|->`: the verdict, findings and ladder of a paste, log or capture. */
import type { Readable } from 'node:stream';
import type { OutputFormat } from '../config.js';
import { diagnose } from '../core/diagnose/diagnose.js';
import { parseInput } from '../core/ingest/parse-input.js';
import type { KnowledgeBase } from '../core/knowledge/knowledge-base.js';
import { diagnosisCard } from '../core/render/diagnosis-card.js';
import { renderAs } from '../core/render/render-as.js';
import type { SipLimits } from '../core/sip/types.js';
import { inputChunks } from './parse-command.js';

export type DiagnoseFormat = OutputFormat | 'mermaid';

export interface DiagnoseCommandOptions {
  format: DiagnoseFormat;
  /** Pseudonymise phone numbers and IP addresses in the output. */
  hideNumbers: boolean;
  hideAddresses: boolean;
  color: boolean;
  width?: number;
}

/** Runs the diagnose command; resolves with true when SIP messages were found. */
export async function runDiagnoseCommand(
  path: string,
  options: DiagnoseCommandOptions,
  io: { stdout: (text: string) => void; stdin: Readable },
  kb: KnowledgeBase,
  limits: Partial<SipLimits> = {},
): Promise<boolean> {
  const input = await parseInput(inputChunks(path, io.stdin), limits);
  const result = diagnose(input, kb, {
    numbers: options.hideNumbers,
    addresses: options.hideAddresses,
  });
  if (options.format === 'mermaid') io.stdout(`${result.mermaid}\n`);
  else
    io.stdout(
      renderAs(diagnosisCard(result), options.format, {
        color: options.color,
        width: options.width,
      }),
    );
  return result.verdict.outcome !== 'no-sip-found';
}
