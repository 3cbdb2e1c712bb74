/**
 * The push-driven heart of the capture reader: chunks go in, whole SIP
 * messages come out as soon as they complete. It picks pcap or pcapng from
 * the magic number, enforces the input limits, and turns every way a file
 * can go wrong into a problem or a skip count instead of an exception.
 */
import { DEFAULT_LIMITS, type MessageSource, type SipLimits } from '../../sip/types.js';
import { RAISE_BYTES, RAISE_MESSAGES } from '../limit-advice.js';
import type { RawMessage } from '../raw-message.js';
import { captureFormatOf } from './capture-magic.js';
import {
  captureLimit,
  notACapture,
  truncatedCapture,
  unsupportedLinkType,
} from './capture-problems.js';
import {
  type CaptureStats,
  countSkip,
  type MessageSink,
  newStats,
  type SkipReason,
} from './capture-types.js';
import { isSupportedLinkType } from './link-layer.js';
import { PacketDecoder } from './packet-decoder.js';
import { PcapFormat } from './pcap.js';
import { PcapngFormat } from './pcapng.js';
import { RecordFramer } from './record-framer.js';

export class CaptureReader implements MessageSink {
  readonly stats: CaptureStats = newStats('pcap');
  private readonly limits: SipLimits;
  private out: RawMessage<Uint8Array>[] = [];
  private readonly magic = new Uint8Array(4);
  private magicLength = 0;
  private framer: RecordFramer | undefined;
  private readonly decoder = new PacketDecoder(this);
  private bytesIn = 0;
  /** Reading stopped: not a capture, damaged, or too many messages. */
  private stopped = false;
  /** The input limit was reached: later chunks are ignored, the bytes before are still read. */
  private inputCut = false;
  private limitReached = false;
  private ended = false;
  private readonly linkTypesNoted = new Set<number>();

  constructor(limits: Partial<SipLimits> = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** True once reading stopped early (not a capture, damaged, or a limit reached): further chunks are ignored. */
  get finished(): boolean {
    return this.stopped || this.inputCut || (this.framer?.done ?? false);
  }

  /** Feeds the next chunk; returns the messages it completed. */
  push(input: Uint8Array): RawMessage<Uint8Array>[] {
    if (this.finished || this.ended || input.byteLength === 0) return this.take();
    // A plain view: Buffer subclasses would leak into the payloads handed out.
    let chunk = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);

    const room = this.limits.maxInputBytes - this.bytesIn;
    if (chunk.byteLength > room) {
      chunk = chunk.subarray(0, Math.max(0, room));
      this.inputCut = true;
      this.stats.problems.push(
        captureLimit(
          `The capture is larger than ${this.limits.maxInputBytes} bytes; only the first ${this.limits.maxInputBytes} bytes were read; ${RAISE_BYTES}`,
        ),
      );
    }
    this.bytesIn += chunk.byteLength;

    let framer = this.framer;
    if (!framer) {
      const take = Math.min(4 - this.magicLength, chunk.byteLength);
      this.magic.set(chunk.subarray(0, take), this.magicLength);
      this.magicLength += take;
      if (this.magicLength < 4) return this.take();
      framer = this.startFormat();
      if (!framer) return this.take();
      framer.push(this.magic.slice());
      chunk = chunk.subarray(take);
    }
    framer.push(chunk);
    return this.take();
  }

  /** The input ended: finishes open streams and returns the last messages. */
  end(): RawMessage<Uint8Array>[] {
    if (this.ended) return this.take();
    this.ended = true;
    if (!this.framer) {
      if (!this.stopped) this.stats.problems.push(notACapture(`only ${this.magicLength} bytes`));
      return this.take();
    }
    const pending = this.framer.pendingBytes;
    if (!this.stopped && !this.inputCut && !this.framer.done && pending > 0) {
      this.stats.problems.push(
        truncatedCapture(this.framer.offset, pending, this.framer.pendingRecordLength),
      );
    }
    if (!this.limitReached) this.decoder.end();
    return this.take();
  }

  /** Records a failure of the input itself (the caller's stream threw). */
  fail(problem: CaptureStats['problems'][number]): void {
    this.stats.problems.push(problem);
    this.stopped = true;
  }

  message(payload: Uint8Array, source: MessageSource): void {
    if (this.limitReached) return;
    if (this.stats.sipMessages >= this.limits.maxMessages) {
      this.limitReached = true;
      this.stop(
        captureLimit(
          `The capture holds more than ${this.limits.maxMessages} SIP messages; only the first ${this.limits.maxMessages} were read; ${RAISE_MESSAGES}`,
        ),
      );
      return;
    }
    this.stats.sipMessages++;
    this.out.push({ content: payload, source });
  }

  skip(reason: SkipReason, n = 1): void {
    countSkip(this.stats, reason, n);
  }

  private stop(problem: CaptureStats['problems'][number]): void {
    if (!this.stopped) this.stats.problems.push(problem);
    this.stopped = true;
  }

  private startFormat(): RecordFramer | undefined {
    const format = captureFormatOf(this.magic);
    if (!format) {
      const hex = [...this.magic].map((x) => x.toString(16).padStart(2, '0')).join(' ');
      this.stop(notACapture(`it starts with ${hex}`));
      return undefined;
    }
    this.stats.format = format;
    const offset = () => this.framer?.offset ?? 0;
    const keepGoing = () => !this.stopped;
    const onLinkType = (linkType: number) => this.noteLinkType(linkType);
    this.framer = new RecordFramer(
      format === 'pcap'
        ? new PcapFormat(this.decoder, this.stats, offset, keepGoing, onLinkType)
        : new PcapngFormat(this.decoder, this.stats, offset, keepGoing, onLinkType),
    );
    return this.framer;
  }

  private noteLinkType(linkType: number): void {
    if (isSupportedLinkType(linkType) || this.linkTypesNoted.has(linkType)) return;
    this.linkTypesNoted.add(linkType);
    this.stats.problems.push(unsupportedLinkType(linkType));
  }

  private take(): RawMessage<Uint8Array>[] {
    if (this.out.length === 0) return [];
    const messages = this.out;
    this.out = [];
    return messages;
  }
}
