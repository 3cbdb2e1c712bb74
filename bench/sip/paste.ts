/**
 * Renders corpus messages as a text paste the way an engineer would drop one
 * into a channel: an sngrep-style "date time src -> dst" line before each
 * message, LF line ends (terminals and chat clients drop the CRs), a blank
 * line between messages. Used to time the paste extractor on megabytes.
 */
import type { CorpusMessage } from './corpus.js';

function endpointText(e: { address: string; port?: number }): string {
  return e.port !== undefined ? `${e.address}:${e.port}` : e.address;
}

function timestampText(epochMicros: number): string {
  const date = new Date(Math.floor(epochMicros / 1000));
  const micros = String(epochMicros % 1_000_000).padStart(6, '0');
  const day = date.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day} ${date.toISOString().slice(11, 19)}.${micros}`;
}

export interface Paste {
  text: string;
  /** Messages written into the paste. */
  messages: number;
}

/** Takes messages from the corpus, in order, until the paste reaches `targetBytes`. */
export function renderPaste(corpus: readonly CorpusMessage[], targetBytes: number): Paste {
  const parts: string[] = [];
  let size = 0;
  let messages = 0;
  for (const m of corpus) {
    if (size >= targetBytes) break;
    const part = `${timestampText(m.epochMicros)} ${endpointText(m.src)} -> ${endpointText(m.dst)}\n${m.text.replaceAll('\r\n', '\n')}\n`;
    parts.push(part);
    size += part.length;
    messages += 1;
  }
  return { text: parts.join(''), messages };
}
