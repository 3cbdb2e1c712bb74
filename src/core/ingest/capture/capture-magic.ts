/**
 * Whether an input is a capture (or gzip'd), by its first bytes: in a module
 * of its own, so that telling a paste from a capture does not load the
 * capture reader (nor a capture the text extractors).
 */
import { u32be } from './byte-order.js';
import { pcapMagic } from './pcap.js';
import { BLOCK_SECTION_HEADER } from './pcapng.js';

/** The capture format named by the first four bytes, if any. */
export function captureFormatOf(head: Uint8Array): 'pcap' | 'pcapng' | undefined {
  if (head.byteLength < 4) return undefined;
  if (u32be(head, 0) === BLOCK_SECTION_HEADER) return 'pcapng';
  return pcapMagic(head, 0) ? 'pcap' : undefined;
}

/** True when the first bytes are a pcap (either byte order, micro or nano) or pcapng magic number. */
export function isCapture(head: Uint8Array): boolean {
  return captureFormatOf(head) !== undefined;
}

/** True when the first bytes are gzip's magic number (a capture or a log, compressed). */
export function isGzip(head: Uint8Array): boolean {
  return head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * True when the first bytes are a capture's or gzip's: an input read as it
 * streams, rather than read whole as a text is.
 */
export function isCaptureOrGzip(head: Uint8Array): boolean {
  return isCapture(head) || isGzip(head);
}
