/**
 * Pathological single messages whose size doubles from row to row, to show
 * that parse time grows in step with the input (a parser that backtracks or
 * rescans would take 4x and 16x instead of 2x and 4x). Base sizes are large
 * enough that even the 1x input outgrows the CPU caches, which would
 * otherwise flatter the smallest row.
 */

export interface PathologicalShape {
  name: string;
  /** The message at `factor` times the base size. */
  build(factor: number): string;
}

const HEAD = [
  'INVITE sip:bob@example.com SIP/2.0',
  'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds',
  'Max-Forwards: 70',
  'From: "Alice" <sip:alice@example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@192.0.2.10',
  'CSeq: 314159 INVITE',
];

function message(extra: string[], to = 'To: <sip:bob@example.com>'): string {
  return `${[...HEAD, to, ...extra, 'Content-Length: 0'].join('\r\n')}\r\n\r\n`;
}

export const PATHOLOGICAL_SHAPES: readonly PathologicalShape[] = [
  {
    name: 'Via with 25,000 x N comma-joined values',
    build: (n) =>
      message([
        `Via: ${Array.from({ length: 25_000 * n }, (_, i) => `SIP/2.0/UDP 198.51.100.${i % 250}`).join(',')}`,
      ]),
  },
  {
    name: '25,000 x N header lines',
    build: (n) =>
      message(Array.from({ length: 25_000 * n }, (_, i) => `X-Filler-${i}: value ${i}`)),
  },
  {
    name: 'one 256 KB x N header line',
    build: (n) => message([`Subject: ${'abcdefgh'.repeat(32 * 1024 * n)}`]),
  },
  {
    name: 'Contact with 25,000 x N comma-joined values',
    build: (n) =>
      message([
        `Contact: ${Array.from({ length: 25_000 * n }, (_, i) => `<sip:u${i}@192.0.2.${i % 250}>;expires=60`).join(', ')}`,
      ]),
  },
  {
    name: 'Via with 250,000 x N semicolons',
    build: (n) => message([`Via: SIP/2.0/UDP 198.51.100.1${';'.repeat(250_000 * n)}`]),
  },
  {
    name: 'To with 250,000 x N unbalanced quotes and <',
    build: (n) => message([], `To: ${'"<'.repeat(250_000 * n)}sip:bob@example.com`),
  },
];
