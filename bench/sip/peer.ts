/**
 * What every parser under test hands back, reduced to the same shape: the
 * values a full parse must produce (start line, Via stack, From/To with their
 * URIs and tags, Call-ID, CSeq, Content-Length). Each adapter reads these out
 * of its parser's own result, which forces lazy parsers to do the work an
 * eager one already did, so no peer wins by skipping it.
 */

export interface ParsedSummary {
  /** The method of a request or the status code of a response, as text. */
  label: string;
  /** Header fields the parser split out (each peer counts in its own way). */
  headerCount: number;
  viaCount?: number;
  branch?: string;
  viaHost?: string;
  fromTag?: string;
  fromHost?: string;
  toTag?: string;
  toHost?: string;
  callId?: string;
  cseqSeq?: number;
  cseqMethod?: string;
  contentLength?: number;
}

export interface Peer {
  /** Short name printed in the table. */
  name: string;
  /** Parses one whole message; undefined when the parser rejected it. */
  parse(text: string): ParsedSummary | undefined;
  /**
   * Called before each pass over the corpus, which stands for one input:
   * a parser that keeps state per input (ours) starts a fresh one here.
   */
  startInput?(): void;
}

/** Reads a string property of a value a parser typed loosely. */
export function stringField(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field: unknown = Reflect.get(value, key);
  return typeof field === 'string' ? field : undefined;
}

/** Reads a numeric property (or a numeric string) of a value a parser typed loosely. */
export function numberField(value: unknown, key: string): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const field: unknown = Reflect.get(value, key);
  if (typeof field === 'number') return field;
  if (typeof field === 'string' && field !== '') return Number(field);
  return undefined;
}
