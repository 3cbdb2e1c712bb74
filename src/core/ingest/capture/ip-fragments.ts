/**
 * Putting fragmented IP datagrams back together (IPv4 and IPv6 alike). SIP
 * over UDP fragments easily (an INVITE with a large SDP passes the MTU), and
 * fragments may arrive out of order. Memory stays bounded: at most
 * MAX_DATAGRAMS datagrams and MAX_BYTES bytes are pending; past that the
 * oldest are given up and their fragments counted as incomplete.
 */
import { copyBytes } from './copy-bytes.js';

const MAX_DATAGRAMS = 1024;
const MAX_BYTES = 16 * 1024 * 1024;
const MAX_FRAGMENTS_PER_DATAGRAM = 1024;
/** An IP payload cannot be longer than this (no jumbograms). */
const MAX_DATAGRAM = 65535;

interface Fragment {
  offset: number;
  data: Uint8Array;
}

interface Pending {
  fragments: Fragment[];
  /** Payload length, known once the last fragment (more = false) arrived; -1 before. */
  total: number;
  bytes: number;
  /** Upper-layer protocol, taken from the first fragment (offset 0). */
  protocol: number;
}

export interface Reassembled {
  protocol: number;
  payload: Uint8Array;
}

export class FragmentReassembler {
  private readonly pending = new Map<string, Pending>();
  private bytes = 0;

  /** `onGiveUp` receives the number of fragments dropped when a datagram is abandoned. */
  constructor(private readonly onGiveUp: (fragments: number) => void) {}

  /**
   * Adds one fragment (its payload bytes are copied). Returns the whole
   * payload when this fragment completes the datagram, or when a fragment is
   * unusable, undefined.
   */
  add(
    key: string,
    offset: number,
    more: boolean,
    data: Uint8Array,
    protocol: number,
  ): Reassembled | undefined {
    if (offset + data.byteLength > MAX_DATAGRAM || (more && data.byteLength === 0)) {
      this.onGiveUp(1);
      return undefined;
    }
    let entry = this.pending.get(key);
    if (!entry) {
      entry = { fragments: [], total: -1, bytes: 0, protocol: -1 };
      this.pending.set(key, entry);
      this.evictOverflow();
    }
    if (entry.fragments.length >= MAX_FRAGMENTS_PER_DATAGRAM) return undefined;
    if (entry.fragments.some((f) => f.offset === offset && f.data.byteLength === data.byteLength)) {
      return undefined; // a duplicate fragment
    }
    entry.fragments.push({ offset, data: copyBytes(data) });
    entry.bytes += data.byteLength;
    this.bytes += data.byteLength;
    if (offset === 0) entry.protocol = protocol;
    if (!more) entry.total = offset + data.byteLength;

    if (entry.total < 0 || entry.protocol < 0 || !covers(entry.fragments, entry.total)) {
      this.evictOverflow();
      return undefined;
    }
    this.remove(key, entry);
    const payload = new Uint8Array(entry.total);
    for (const f of entry.fragments) {
      const room = entry.total - f.offset;
      if (room > 0)
        payload.set(room < f.data.byteLength ? f.data.subarray(0, room) : f.data, f.offset);
    }
    return { protocol: entry.protocol, payload };
  }

  /** Gives up every datagram still pending (end of capture); returns the fragments dropped. */
  finish(): number {
    let dropped = 0;
    for (const entry of this.pending.values()) dropped += entry.fragments.length;
    this.pending.clear();
    this.bytes = 0;
    return dropped;
  }

  private remove(key: string, entry: Pending): void {
    this.pending.delete(key);
    this.bytes -= entry.bytes;
  }

  /** Drops the oldest datagrams (Map order is arrival order) while over a bound. */
  private evictOverflow(): void {
    while (this.pending.size > MAX_DATAGRAMS || this.bytes > MAX_BYTES) {
      const oldest = this.pending.entries().next();
      if (oldest.done) return;
      const [key, entry] = oldest.value;
      this.remove(key, entry);
      this.onGiveUp(entry.fragments.length);
    }
  }
}

/** True when the fragments cover [0, total) without a hole. */
function covers(fragments: Fragment[], total: number): boolean {
  const sorted = [...fragments].sort((a, b) => a.offset - b.offset);
  let covered = 0;
  for (const f of sorted) {
    if (f.offset > covered) return false;
    covered = Math.max(covered, f.offset + f.data.byteLength);
    if (covered >= total) return true;
  }
  return covered >= total;
}
