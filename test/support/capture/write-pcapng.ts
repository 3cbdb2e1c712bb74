/**
 * Writing pcapng files for tests: a section header (either byte order),
 * interface descriptions (link type, snapshot length, if_tsresol,
 * if_tsoffset), and enhanced, simple and obsolete packet blocks, plus any
 * other block verbatim (to check that unknown blocks are passed over).
 */
import { concatBytes } from './write-pcap.js';

export interface PcapngInterface {
  linkType: number;
  snaplen?: number;
  /** if_tsresol byte: 6 = microseconds (default, option omitted), 9 = nanoseconds, 0x80|n = 2^-n seconds. */
  tsresol?: number;
  /** if_tsoffset in seconds. */
  tsoffset?: number;
}

export type PcapngBlock =
  | {
      kind: 'enhanced';
      interfaceId: number;
      epochMicros: number;
      data: Uint8Array;
      originalLength?: number;
      units?: bigint;
    }
  | {
      kind: 'obsolete';
      interfaceId: number;
      epochMicros: number;
      data: Uint8Array;
      originalLength?: number;
    }
  | { kind: 'simple'; data: Uint8Array; originalLength?: number }
  | { kind: 'other'; type: number; body: Uint8Array };

export interface PcapngOptions {
  littleEndian?: boolean;
  interfaces: PcapngInterface[];
  blocks: Iterable<PcapngBlock>;
}

/** One section: header, interfaces, then the blocks. Sections can be concatenated. */
export function writePcapng(options: PcapngOptions): Uint8Array {
  const le = options.littleEndian ?? true;
  const parts: Uint8Array[] = [];
  const shb = new Uint8Array(16);
  const shbView = new DataView(shb.buffer);
  shbView.setUint32(0, 0x1a2b3c4d, le);
  shbView.setUint16(4, 1, le);
  shbView.setUint16(6, 0, le);
  shbView.setInt32(8, -1, le); // section length unknown
  shbView.setInt32(12, -1, le);
  parts.push(block(0x0a0d0d0a, shb, le));

  for (const iface of options.interfaces) {
    const options: Uint8Array[] = [];
    if (iface.tsresol !== undefined && iface.tsresol !== 6)
      options.push(option(9, Uint8Array.of(iface.tsresol), le));
    if (iface.tsoffset !== undefined) {
      const value = new Uint8Array(8);
      new DataView(value.buffer).setBigInt64(0, BigInt(iface.tsoffset), le);
      options.push(option(14, value, le));
    }
    if (options.length > 0) options.push(new Uint8Array(4)); // opt_endofopt
    const body = new Uint8Array(8);
    const view = new DataView(body.buffer);
    view.setUint16(0, iface.linkType, le);
    view.setUint32(4, iface.snaplen ?? 262144, le);
    parts.push(block(1, concatBytes([body, ...options]), le));
  }

  for (const b of options.blocks) {
    switch (b.kind) {
      case 'enhanced':
      case 'obsolete': {
        const iface = options.interfaces[b.interfaceId];
        const units =
          b.kind === 'enhanced' && b.units !== undefined
            ? b.units
            : toUnits(b.epochMicros, iface?.tsresol ?? 6, iface?.tsoffset ?? 0);
        const head = new Uint8Array(20);
        const view = new DataView(head.buffer);
        if (b.kind === 'enhanced') view.setUint32(0, b.interfaceId, le);
        else view.setUint16(0, b.interfaceId, le);
        view.setUint32(4, Number(units >> 32n), le);
        view.setUint32(8, Number(units & 0xffffffffn), le);
        view.setUint32(12, b.data.byteLength, le);
        view.setUint32(16, b.originalLength ?? b.data.byteLength, le);
        parts.push(block(b.kind === 'enhanced' ? 6 : 2, concatBytes([head, padded(b.data)]), le));
        break;
      }
      case 'simple': {
        const head = new Uint8Array(4);
        new DataView(head.buffer).setUint32(0, b.originalLength ?? b.data.byteLength, le);
        parts.push(block(3, concatBytes([head, padded(b.data)]), le));
        break;
      }
      case 'other':
        parts.push(block(b.type, padded(b.body), le));
        break;
    }
  }
  return concatBytes(parts);
}

/** Microseconds to the interface's timestamp units (floored). */
function toUnits(epochMicros: number, tsresol: number, tsoffset: number): bigint {
  const micros = BigInt(epochMicros) - BigInt(tsoffset) * 1_000_000n;
  const exponent = BigInt(tsresol & 0x7f);
  const perSecond = tsresol & 0x80 ? 2n ** exponent : 10n ** exponent;
  return (micros * perSecond) / 1_000_000n;
}

function padded(data: Uint8Array): Uint8Array {
  const length = (data.byteLength + 3) & ~3;
  if (length === data.byteLength) return data;
  const out = new Uint8Array(length);
  out.set(data);
  return out;
}

function option(code: number, value: Uint8Array, le: boolean): Uint8Array {
  const head = new Uint8Array(4);
  const view = new DataView(head.buffer);
  view.setUint16(0, code, le);
  view.setUint16(2, value.byteLength, le);
  return concatBytes([head, padded(value)]);
}

function block(type: number, body: Uint8Array, le: boolean): Uint8Array {
  const out = new Uint8Array(12 + body.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, type, le);
  view.setUint32(4, out.byteLength, le);
  out.set(body, 8);
  view.setUint32(out.byteLength - 4, out.byteLength, le);
  return out;
}
