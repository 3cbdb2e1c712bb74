/**
 * One diagnosis in a fresh process, step by step, each step timed once as
 * the CLI runs it (cold: nothing warmed up before): read and parse the
 * capture (as the CLI reads a file), build the trace, run the rules, render the card and write its
 * JSON to /dev/null in pieces (as `diagnose --format json -o` writes it). Prints one line
 * of JSON: each step's wall time and CPU time (the CPU time holds on a busy
 * machine, where the wall time also counts waiting for a core). The diagnosis bench runs it on the 1x and 4x captures to see
 * which step grows faster than the input. Run with --expose-gc, each step
 * starts after a full collection: a step pays for the garbage it makes, not
 * for what an earlier step left (a 6 ms render step measured 39 ms at 4x when
 * the collection of the rules' garbage fell into it). The whole-process rows
 * of the bench count everything.
 * `tsx bench/sip/diagnose-steps.ts <file>`; SIP_MAX_INPUT_BYTES and
 * SIP_MAX_MESSAGES raise the limits as for the CLI.
 */

import { openInputFile } from '../../src/cli/input-file.js';
import { writePieces } from '../../src/cli/run-cli.js';
import { diagnoseTrace, inputDamage } from '../../src/core/diagnose/diagnose.js';
import { parseInput } from '../../src/core/ingest/parse-input.js';
import { KnowledgeBase } from '../../src/core/knowledge/knowledge-base.js';
import { loadKnowledge } from '../../src/core/knowledge/load-knowledge.js';
import {
  DEFAULT_KNOWLEDGE_DIR,
  readKnowledgeDir,
} from '../../src/core/knowledge/read-knowledge-dir.js';
import { diagnosisCard } from '../../src/core/render/diagnosis-card.js';
import { writeJson } from '../../src/core/render/json.js';
import { buildTrace } from '../../src/core/trace/build-trace.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: diagnose-steps.ts <file>');
const limit = (name: string): number | undefined => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
};
const limits = Object.fromEntries(
  Object.entries({
    maxInputBytes: limit('SIP_MAX_INPUT_BYTES'),
    maxMessages: limit('SIP_MAX_MESSAGES'),
  }).filter(([, v]) => v !== undefined),
);
const kb = new KnowledgeBase(loadKnowledge(readKnowledgeDir(DEFAULT_KNOWLEDGE_DIR)));
const steps: Record<string, number> = {};
/** CPU time of each step (user + system, this process's threads: GC's included). */
const cpu: Record<string, number> = {};
/** Collects everything left so far, outside any step's time (a no-op without --expose-gc). */
const settle = (): void => (globalThis as { gc?: () => void }).gc?.();
settle();
let at = performance.now();
let cpuAt = process.cpuUsage();
const lap = (name: string): void => {
  const now = performance.now();
  const used = process.cpuUsage(cpuAt);
  steps[name] = now - at;
  cpu[name] = (used.user + used.system) / 1000;
  settle();
  at = performance.now();
  cpuAt = process.cpuUsage();
};
// Read as the CLI reads a file: payloads left in the file, read again when asked.
const opened = await openInputFile(file, process.stdin);
const input = await parseInput(opened.open(), limits, { file: opened.file });
lap('read');
const trace = buildTrace(input.messages);
lap('trace');
const diagnosis = diagnoseTrace(trace, kb, {}, inputDamage(input.problems));
lap('rules');
const card = diagnosisCard(diagnosis);
const jsonBytes = writePieces(
  '/dev/null',
  { stdout: () => {}, stderr: () => {}, isTTY: false },
  (write) => writeJson(card, write),
);
lap('render (the card, its JSON written in pieces as the CLI does)');
process.stdout.write(
  `${JSON.stringify({ messages: input.messages.length, jsonBytes, steps, cpu, peakRss: process.resourceUsage().maxRSS * 1024 })}\n`,
);
