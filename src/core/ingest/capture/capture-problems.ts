/**
 * Problems with a capture as a whole, with stable ids, so the CLI and the
 * bot can tell a user why a capture yielded less than expected.
 */
import type { Problem } from '../../sip/types.js';

export function notACapture(detail: string): Problem {
  return {
    severity: 'error',
    id: 'capture.format',
    message: `This is not a pcap or pcapng capture (${detail}); save it from Wireshark or tcpdump as .pcap or .pcapng.`,
  };
}

export function corruptCapture(offset: number, detail: string): Problem {
  return {
    severity: 'warning',
    id: 'capture.corrupt',
    message: `The capture is damaged at byte ${offset} (${detail}); reading stopped there and the packets before it were kept.`,
  };
}

export function truncatedCapture(offset: number, have: number, need: number | undefined): Problem {
  const expected = need === undefined ? '' : ` of ${need}`;
  return {
    severity: 'warning',
    id: 'capture.truncated',
    message: `The capture ends in the middle of a record at byte ${offset} (${have}${expected} bytes present); it was probably cut short while being copied.`,
  };
}

export function captureLimit(message: string): Problem {
  return { severity: 'warning', id: 'capture.limit', message };
}

export function unsupportedLinkType(linkType: number): Problem {
  return {
    severity: 'note',
    id: 'capture.link-type',
    message: `Packets with link type ${linkType} were skipped: this reader decodes Ethernet, Linux cooked (SLL, SLL2), raw IP and BSD loopback captures.`,
  };
}

export function readFailed(error: unknown): Problem {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    severity: 'error',
    id: 'capture.read',
    message: `Reading the capture failed: ${detail}.`,
  };
}
