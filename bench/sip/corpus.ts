/**
 * The benchmark corpus: realistic SIP traffic generated from a seed, so every
 * peer parses the same bytes and a run can be repeated anywhere. Messages come
 * in whole call flows (calls answered, refused, cancelled or challenged,
 * registrations with digest, OPTIONS pings) as a capture would show them,
 * each between 400 and 1500 bytes, some from user agents that write compact
 * header names and some with proxies' Via values joined by commas. Each
 * message carries the values a correct parser must find in it.
 */
import { newDialog } from './corpus-cast.js';
import { pickFlow } from './corpus-flows.js';
import { CORPUS_SEED, type CorpusMessage } from './corpus-message.js';
import { createRandom } from './prng.js';

export {
  CORPUS_SEED,
  type CorpusMessage,
  MAX_MESSAGE_BYTES,
  MIN_MESSAGE_BYTES,
} from './corpus-message.js';

/** Generates `count` messages from `seed`; the same arguments always give the same messages. */
export function generateCorpus(count = 50_000, seed = CORPUS_SEED): CorpusMessage[] {
  const random = createRandom(seed);
  const out: CorpusMessage[] = [];
  const clock = { micros: Date.UTC(2025, 2, 14, 9, 30, 0) * 1000 };
  while (out.length < count) {
    const flow = pickFlow(random);
    for (const message of flow(newDialog(random, clock))) {
      if (out.length >= count) break;
      out.push(message);
    }
    clock.micros += random.int(2_000, 40_000);
  }
  return out;
}

/** Total UTF-8 size of a list of messages. */
export function corpusBytes(messages: readonly CorpusMessage[]): number {
  let total = 0;
  for (const m of messages) total += m.bytes;
  return total;
}
