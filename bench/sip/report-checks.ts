/**
 * The benchmark's correctness sections: each peer's values against the
 * corpus's truth, and a rough verdict on the RFC conformance vectors. Run in
 * the runner's own process (nothing here is timed).
 */
import { fileURLToPath } from 'node:url';
import { CHECKED_FIELDS, checkPeer, type PeerCheck, sampleEvery } from './check-peers.js';
import { loadVectorSets, scorePeer, scoreWith, type VerdictScore } from './conformance-verdicts.js';
import type { CorpusMessage } from './corpus.js';
import { loadPeer, PEER_IDS } from './peers.js';
import { formatCount, renderTable, writeLine } from './table.js';

const CONFORMANCE_DIR = fileURLToPath(new URL('../../../shared/conformance', import.meta.url));

export async function printCorrectness(
  corpus: readonly CorpusMessage[],
  sampleSize: number,
): Promise<void> {
  const sample = sampleEvery(corpus, Math.max(1, Math.floor(corpus.length / sampleSize)));
  const checks: PeerCheck[] = [];
  const failures: string[] = [];
  for (const id of PEER_IDS) {
    try {
      checks.push(checkPeer(await loadPeer(id), sample));
    } catch (error) {
      failures.push(`  ${id}: not checked (${String(error).split('\n')[0]})`);
    }
  }
  writeLine(
    `\nSIP parsing: correctness of each peer on ${formatCount(sample.length)} sampled messages (wrong values; - = not delivered)`,
  );
  writeLine(
    renderTable(
      ['peer', 'rejected', ...CHECKED_FIELDS],
      checks.map((c) => [
        c.peer,
        formatCount(c.rejected),
        ...CHECKED_FIELDS.map((f) => {
          const wrong = c.wrong[f];
          return wrong === undefined ? '-' : formatCount(wrong);
        }),
      ]),
    ),
  );
  for (const c of checks) {
    if (c.wrongViaCountCommaJoined > 0)
      writeLine(
        `  ${c.peer}: ${formatCount(c.wrongViaCountCommaJoined)} wrong Via counts are on comma-joined Via lines`,
      );
  }
  for (const line of failures) writeLine(line);
}

export async function printConformance(): Promise<void> {
  const sets = loadVectorSets(CONFORMANCE_DIR);
  if (sets.length === 0) {
    writeLine(`\nConformance vectors: not found at ${CONFORMANCE_DIR}, section skipped`);
    return;
  }
  writeLine(
    '\nConformance vectors with a clear-cut outcome: delivered when they must parse, refused when they must be rejected\n(a rough verdict; the conformance tests check each value)',
  );
  const cell = (s: VerdictScore): string =>
    `${s.right}/${s.total} (${Math.round((s.right / Math.max(1, s.total)) * 100)}%)${s.threw > 0 ? `, threw on ${s.threw}` : ''}`;
  const rows: string[][] = [];
  for (const id of PEER_IDS) {
    // The floor parses nothing to judge; the text-URI variant accepts exactly what `sip`
    // accepts, and our other rows are the same parser as our first.
    if (id === 'naive' || id === 'sip-text-uri' || id === 'ours-text-uri' || id === 'ours-checked')
      continue;
    try {
      const peer = await loadPeer(id);
      if (id === 'ours') {
        const { parseMessage } = await import('../../src/core/sip/parse-message.js');
        const accepts = (bytes: Uint8Array): boolean =>
          !parseMessage(bytes).problems.some((p) => p.severity === 'error');
        rows.push([peer.name, ...sets.map((set) => cell(scoreWith(set, accepts)))]);
      } else rows.push([peer.name, ...sets.map((set) => cell(scorePeer(peer, set)))]);
    } catch (error) {
      rows.push([id, `not measured (${String(error).split('\n')[0]})`]);
    }
  }
  writeLine(renderTable(['parser', ...sets.map((s) => `${s.name} (${s.vectors.length})`)], rows));
}
