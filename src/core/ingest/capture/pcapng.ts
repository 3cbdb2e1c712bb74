/**
 * pcapng files (the Wireshark and dumpcap default): a sequence of blocks,
 * each framed by its type and total length (repeated at the end). A Section
 * Header Block sets the byte order for the blocks after it; Interface
 * Description Blocks give each interface its link type, snapshot length and
 * timestamp unit; packets come in Enhanced, Simple or (obsolete) Packet
 * Blocks. Every other block is passed over.
 */
import { u16, u32, u32le } from './byte-order.js';
import { corruptCapture } from './capture-problems.js';
import type { CaptureStats } from './capture-types.js';
import type { PacketDecoder } from './packet-decoder.js';
import { type TimestampToMicros, timestampConverter } from './pcapng-time.js';
import type { RecordFormat } from './record-framer.js';

export const BLOCK_SECTION_HEADER = 0x0a0d0d0a;
export const BLOCK_INTERFACE = 1;
export const BLOCK_PACKET_OBSOLETE = 2;
export const BLOCK_SIMPLE_PACKET = 3;
export const BLOCK_ENHANCED_PACKET = 6;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const BYTE_ORDER_SWAPPED = 0x4d3c2b1a;
const OPTION_TSRESOL = 9;
const OPTION_TSOFFSET = 14;
/** Larger blocks mean a damaged file (packets are far smaller). */
const MAX_BLOCK = 16 * 1024 * 1024;

interface Interface {
  linkType: number;
  snaplen: number;
  toMicros: TimestampToMicros;
}

function isSectionHeader(b: Uint8Array, i: number): boolean {
  return b[i] === 0x0a && b[i + 1] === 0x0d && b[i + 2] === 0x0d && b[i + 3] === 0x0a;
}

export class PcapngFormat implements RecordFormat {
  readonly headerSize = 12;
  private littleEndian = true;
  private inSection = false;
  private interfaces: Interface[] = [];

  constructor(
    private readonly decoder: PacketDecoder,
    private readonly stats: CaptureStats,
    private readonly offset: () => number,
    private readonly keepGoing: () => boolean,
    private readonly onLinkType: (linkType: number) => void,
  ) {}

  recordLength(b: Uint8Array, i: number): number {
    let le = this.littleEndian;
    if (isSectionHeader(b, i)) {
      const order = u32le(b, i + 8);
      if (order === BYTE_ORDER_MAGIC) le = true;
      else if (order === BYTE_ORDER_SWAPPED) le = false;
      else return this.corrupt('a section header has no valid byte-order magic');
    } else if (!this.inSection) {
      return this.corrupt('the first block is not a section header');
    }
    const length = u32(b, i + 4, le);
    if (length < 12 || length % 4 !== 0 || length > MAX_BLOCK) {
      return this.corrupt(`a block claims a length of ${length} bytes`);
    }
    return length;
  }

  record(b: Uint8Array, start: number, end: number): boolean {
    if (isSectionHeader(b, start)) {
      this.littleEndian = u32le(b, start + 8) === BYTE_ORDER_MAGIC;
      this.inSection = true;
      this.interfaces = [];
    }
    const le = this.littleEndian;
    if (u32(b, end - 4, le) !== end - start) {
      this.corrupt('a block ends with a length that does not match its start');
      return false;
    }
    switch (u32(b, start, le)) {
      case BLOCK_INTERFACE:
        this.interfaceBlock(b, start, end);
        return true;
      case BLOCK_ENHANCED_PACKET:
        this.packetBlock(b, start, end, u32(b, start + 8, le));
        return this.keepGoing();
      case BLOCK_PACKET_OBSOLETE:
        this.packetBlock(b, start, end, u16(b, start + 8, le));
        return this.keepGoing();
      case BLOCK_SIMPLE_PACKET:
        this.simplePacketBlock(b, start, end);
        return this.keepGoing();
      default:
        return true;
    }
  }

  private corrupt(detail: string): -1 {
    this.stats.problems.push(corruptCapture(this.offset(), detail));
    return -1;
  }

  private interfaceBlock(b: Uint8Array, start: number, end: number): void {
    const le = this.littleEndian;
    if (end - start < 20) {
      this.interfaces.push({ linkType: -1, snaplen: 0, toMicros: timestampConverter(6, 0) });
      return;
    }
    const linkType = u16(b, start + 8, le);
    const snaplen = u32(b, start + 12, le);
    let tsresol = 6;
    let tsoffset = 0;
    // Options: code, length, value padded to 4 bytes; code 0 ends the list.
    for (let i = start + 16; i + 4 <= end - 4; ) {
      const code = u16(b, i, le);
      const length = u16(b, i + 2, le);
      if (code === 0 || i + 4 + length > end - 4) break;
      if (code === OPTION_TSRESOL && length >= 1) tsresol = b[i + 4] ?? 6;
      if (code === OPTION_TSOFFSET && length === 8) {
        const high = u32(b, le ? i + 8 : i + 4, le) | 0;
        const low = u32(b, le ? i + 4 : i + 8, le);
        tsoffset = high * 4294967296 + low;
      }
      i += 4 + ((length + 3) & ~3);
    }
    this.interfaces.push({ linkType, snaplen, toMicros: timestampConverter(tsresol, tsoffset) });
    this.onLinkType(linkType);
  }

  /** Enhanced (type 6) and obsolete (type 2) packet blocks share their layout after the interface id. */
  private packetBlock(b: Uint8Array, start: number, end: number, interfaceId: number): void {
    const le = this.littleEndian;
    this.stats.packets++;
    const iface = this.interfaces[interfaceId];
    const captured = u32(b, start + 20, le);
    const dataStart = start + 28;
    if (!iface || end - start < 32 || dataStart + captured > end - 4) {
      this.stats.skipped.malformed = (this.stats.skipped.malformed ?? 0) + 1;
      return;
    }
    const epochMicros = iface.toMicros(u32(b, start + 12, le), u32(b, start + 16, le));
    this.decoder.packet(iface.linkType, b, dataStart, dataStart + captured, {
      epochMicros,
      frame: this.stats.packets,
      format: 'pcapng',
    });
  }

  /** Simple packet blocks belong to the first interface and carry no timestamp. */
  private simplePacketBlock(b: Uint8Array, start: number, end: number): void {
    this.stats.packets++;
    const iface = this.interfaces[0];
    if (!iface || end - start < 16) {
      this.stats.skipped.malformed = (this.stats.skipped.malformed ?? 0) + 1;
      return;
    }
    const original = u32(b, start + 8, this.littleEndian);
    let captured = Math.min(original, end - 4 - (start + 12));
    if (iface.snaplen > 0) captured = Math.min(captured, iface.snaplen);
    this.decoder.packet(iface.linkType, b, start + 12, start + 12 + captured, {
      epochMicros: undefined,
      frame: this.stats.packets,
      format: 'pcapng',
    });
  }
}
