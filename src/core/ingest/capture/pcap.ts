/**
 * Classic libpcap files: a 24-byte file header whose magic number gives the
 * byte order and the timestamp unit (micro- or nanoseconds), then packet
 * records of a 16-byte header and the captured bytes. The rarely seen
 * "modified" (Kuznetzov) variant with 24-byte record headers is read too.
 */
import { u32, u32be, u32le } from './byte-order.js';
import { corruptCapture } from './capture-problems.js';
import type { CaptureStats } from './capture-types.js';
import type { PacketDecoder } from './packet-decoder.js';
import type { RecordFormat } from './record-framer.js';

export const PCAP_MAGIC_MICROS = 0xa1b2c3d4;
export const PCAP_MAGIC_NANOS = 0xa1b23c4d;
const PCAP_MAGIC_MODIFIED = 0xa1b2cd34;
const FILE_HEADER = 24;
/** No sane packet record is larger; a bigger length means the file is damaged. */
const MAX_RECORD = 16 * 1024 * 1024;

/** The pcap flavour from the first four bytes, or undefined when they are no pcap magic. */
export function pcapMagic(
  b: Uint8Array,
  i: number,
): { littleEndian: boolean; nanos: boolean; recordHeader: number } | undefined {
  for (const littleEndian of [true, false]) {
    const magic = littleEndian ? u32le(b, i) : u32be(b, i);
    if (magic === PCAP_MAGIC_MICROS) return { littleEndian, nanos: false, recordHeader: 16 };
    if (magic === PCAP_MAGIC_NANOS) return { littleEndian, nanos: true, recordHeader: 16 };
    if (magic === PCAP_MAGIC_MODIFIED) return { littleEndian, nanos: false, recordHeader: 24 };
  }
  return undefined;
}

export class PcapFormat implements RecordFormat {
  headerSize = FILE_HEADER;
  private started = false;
  private littleEndian = true;
  private nanos = false;
  private recordHeader = 16;
  private linkType = 0;

  constructor(
    private readonly decoder: PacketDecoder,
    private readonly stats: CaptureStats,
    private readonly offset: () => number,
    private readonly keepGoing: () => boolean,
    private readonly onLinkType: (linkType: number) => void,
  ) {}

  recordLength(b: Uint8Array, i: number): number {
    if (!this.started) return FILE_HEADER;
    const captured = u32(b, i + 8, this.littleEndian);
    if (captured > MAX_RECORD) {
      this.stats.problems.push(
        corruptCapture(this.offset(), `a packet record claims ${captured} bytes`),
      );
      return -1;
    }
    return this.recordHeader + captured;
  }

  record(b: Uint8Array, start: number, end: number): boolean {
    if (!this.started) return this.fileHeader(b, start);
    const le = this.littleEndian;
    const seconds = u32(b, start, le);
    const fraction = u32(b, start + 4, le);
    this.stats.packets++;
    const epochMicros = seconds * 1_000_000 + (this.nanos ? Math.floor(fraction / 1000) : fraction);
    this.decoder.packet(this.linkType, b, start + this.recordHeader, end, {
      epochMicros,
      frame: this.stats.packets,
      format: 'pcap',
    });
    return this.keepGoing();
  }

  private fileHeader(b: Uint8Array, start: number): boolean {
    const magic = pcapMagic(b, start);
    if (!magic) return false;
    this.littleEndian = magic.littleEndian;
    this.nanos = magic.nanos;
    this.recordHeader = magic.recordHeader;
    // The upper bits may carry FCS information; the link type is the low 16 bits.
    this.linkType = u32(b, start + 20, this.littleEndian) & 0xffff;
    this.onLinkType(this.linkType);
    this.started = true;
    this.headerSize = this.recordHeader;
    return true;
  }
}
