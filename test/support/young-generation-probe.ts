/**
 * Run as a process of its own (`node --import tsx young-generation-probe.ts
 * <inputBytes|-> [limitBytes]`): caps the young generation as the CLI does
 * for an input of that size ("-": unknown, as a pipe's) under that input
 * limit, then keeps 200,000 small objects made in 400 rounds, with the
 * CLI's check after each round as after each chunk of a capture, and
 * prints one line of JSON: whether the cap applied and the young
 * generation's largest size (both semi-spaces) seen.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { capWhen, capYoungGeneration } from '../../src/cli/young-generation.js';

const newSpace = (): number =>
  getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;

const [input, limit] = process.argv.slice(2);
const when = capWhen(
  input === '-' ? undefined : Number(input),
  limit === undefined ? undefined : Number(limit),
);
// A pipe is capped once 4 MiB have come: here, at once.
const check = when === 'never' ? undefined : await capYoungGeneration();
const capped = check !== undefined;
const kept: { at: number; text: string; list: number[] }[] = [];
let largest = newSpace();
for (let turn = 0; turn < 400; turn++) {
  for (let i = 0; i < 500; i++) kept.push({ at: i, text: `value ${turn}-${i}`, list: [turn, i] });
  largest = Math.max(largest, newSpace());
  // As the CLI checks with each chunk of the input it reads.
  check?.();
}
process.stdout.write(`${JSON.stringify({ capped, largest, kept: kept.length })}\n`);
