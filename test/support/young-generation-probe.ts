/**
 * Run as a process of its own (`node --import tsx young-generation-probe.ts
 * <inputBytes|-> [limitBytes]`): caps the young generation as the CLI does
 * for an input of that size ("-": unknown, as a pipe's) under that input
 * limit, then keeps 200,000 small objects made in 400 rounds, with the
 * CLI's check after each round as after each chunk of a capture, and
 * prints one line of JSON: whether the cap applied and the young
 * generation's largest size (both semi-spaces) seen.
 *
 * `chunks <capture|text>` reads a 34 MiB input of 400 chunks through
 * withYoungGenerationCap instead (as `parse` does: no knowledge base loads
 * before it), making the same objects as each chunk comes; `capped` is then
 * whether the young generation stayed at the cap.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import {
  capWhen,
  capYoungGeneration,
  SEMI_SPACE_BYTES,
  withYoungGenerationCap,
} from '../../src/cli/young-generation.js';

const newSpace = (): number =>
  getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;

const kept: { at: number; text: string; list: number[] }[] = [];
let largest = newSpace();
const round = (turn: number): void => {
  for (let i = 0; i < 500; i++) kept.push({ at: i, text: `value ${turn}-${i}`, list: [turn, i] });
  largest = Math.max(largest, newSpace());
};

const [input, limit] = process.argv.slice(2);
let capped: boolean;
if (input === 'chunks') {
  const CHUNK = 89_000;
  // A classic pcap's magic number (little-endian), or the start of a pasted request.
  const head =
    limit === 'capture' ? Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1) : Buffer.from('INVITE sip:');
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < 400; i++) {
      const chunk = new Uint8Array(CHUNK);
      if (i === 0) chunk.set(head);
      yield chunk;
    }
  }
  const file = await withYoungGenerationCap(
    { name: 'input', open: chunks, bytes: 400 * CHUNK },
    undefined,
    false,
  );
  let turn = 0;
  for await (const _ of file.open()) round(turn++);
  capped = largest === 2 * SEMI_SPACE_BYTES;
} else {
  const when = capWhen(
    input === '-' ? undefined : Number(input),
    limit === undefined ? undefined : Number(limit),
  );
  // A pipe is capped once 4 MiB have come: here, at once.
  const check = when === 'never' ? undefined : await capYoungGeneration();
  capped = check !== undefined;
  for (let turn = 0; turn < 400; turn++) {
    round(turn);
    // As the CLI checks with each chunk of the input it reads.
    check?.();
  }
}
process.stdout.write(`${JSON.stringify({ capped, largest, kept: kept.length })}\n`);
