/**
 * Finding the IP header inside a captured frame, per link type: Ethernet
 * (with any number of 802.1Q/802.1ad VLAN tags, and PPPoE sessions), Linux
 * cooked capture v1 and v2 (what `tcpdump -i any` writes), raw IP, and BSD
 * loopback (DLT_NULL in the capturing host's byte order, DLT_LOOP in network
 * order). Link type numbers are the LINKTYPE_* values of pcap and pcapng.
 */
import { u16be, u32be, u32le } from './byte-order.js';

export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW_OPENBSD: 12,
  RAW_BSDOS: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

/** The frame carries something other than IP (ARP, LLDP, STP...). */
export const NOT_IP = -1;
/** The frame ends inside its link header. */
export const LINK_TRUNCATED = -2;
/** A link type this reader does not decode. */
export const LINK_UNSUPPORTED = -3;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_PPPOE_SESSION = 0x8864;
const PPP_IPV4 = 0x0021;
const PPP_IPV6 = 0x0057;
const MAX_TAGS = 8;

function isVlanTpid(type: number): boolean {
  return type === 0x8100 || type === 0x88a8 || type === 0x9100 || type === 0x9200;
}

/**
 * Offset of the IP header in `b[start..end)` for a frame of `linkType`, or
 * NOT_IP, LINK_TRUNCATED or LINK_UNSUPPORTED.
 */
export function ipOffset(linkType: number, b: Uint8Array, start: number, end: number): number {
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      if (end - start < 14) return LINK_TRUNCATED;
      return afterEthertype(u16be(b, start + 12), b, start + 14, end);
    case LINKTYPE.LINUX_SLL:
      if (end - start < 16) return LINK_TRUNCATED;
      return afterEthertype(u16be(b, start + 14), b, start + 16, end);
    case LINKTYPE.LINUX_SLL2:
      if (end - start < 20) return LINK_TRUNCATED;
      return afterEthertype(u16be(b, start), b, start + 20, end);
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_OPENBSD:
    case LINKTYPE.RAW_BSDOS:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      return start < end ? start : LINK_TRUNCATED;
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP:
      return afterLoopbackFamily(b, start, end);
    default:
      return LINK_UNSUPPORTED;
  }
}

function afterEthertype(first: number, b: Uint8Array, at: number, end: number): number {
  let type = first;
  let i = at;
  for (let tags = 0; isVlanTpid(type); tags++) {
    if (tags >= MAX_TAGS) return NOT_IP;
    if (end - i < 4) return LINK_TRUNCATED;
    type = u16be(b, i + 2);
    i += 4;
  }
  if (type === ETHERTYPE_IPV4 || type === ETHERTYPE_IPV6) return i < end ? i : LINK_TRUNCATED;
  if (type === ETHERTYPE_PPPOE_SESSION) {
    // PPPoE header (6 bytes) then the 2-byte PPP protocol.
    if (end - i < 8) return LINK_TRUNCATED;
    const ppp = u16be(b, i + 6);
    if (ppp === PPP_IPV4 || ppp === PPP_IPV6) return i + 8 < end ? i + 8 : LINK_TRUNCATED;
  }
  return NOT_IP;
}

/** Address families for IPv4 and IPv6 used by the BSDs, macOS and Linux. */
function isInetFamily(f: number): boolean {
  return f === 2 || f === 10 || f === 24 || f === 28 || f === 30;
}

function afterLoopbackFamily(b: Uint8Array, start: number, end: number): number {
  if (end - start < 4) return LINK_TRUNCATED;
  // DLT_NULL is written in the capturing host's byte order; accept either.
  const le = u32le(b, start);
  const be = u32be(b, start);
  if (!isInetFamily(le) && !isInetFamily(be)) return NOT_IP;
  return start + 4 < end ? start + 4 : LINK_TRUNCATED;
}

const SUPPORTED = new Set<number>(Object.values(LINKTYPE));

/** True for the link types ipOffset decodes. */
export function isSupportedLinkType(linkType: number): boolean {
  return SUPPORTED.has(linkType);
}
