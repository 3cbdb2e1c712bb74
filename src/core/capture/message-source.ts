/**
 * Building the MessageSource of a captured message: from the packet that
 * carried it, or from the HEP header that describes the original packet.
 */
import type { Endpoint, MessageSource, Transport } from '../sip/types.js';
import type { PacketMeta } from './capture-types.js';
import type { HepPacket } from './hep.js';

export function packetSource(
  meta: PacketMeta,
  src: Endpoint,
  dst: Endpoint,
  transport: Transport,
  truncated: boolean,
): MessageSource {
  const source: MessageSource = { src, dst, transport, format: meta.format, frame: meta.frame };
  if (meta.epochMicros !== undefined) source.epochMicros = meta.epochMicros;
  if (truncated) source.truncated = true;
  return source;
}

/** The HEP header's time wins over the time the HEP packet itself was captured. */
export function hepSource(hep: HepPacket, meta: PacketMeta, truncated: boolean): MessageSource {
  const source: MessageSource = { src: hep.src, dst: hep.dst, format: 'hep', frame: meta.frame };
  if (hep.transport) source.transport = hep.transport;
  const time = hep.epochMicros ?? meta.epochMicros;
  if (time !== undefined) source.epochMicros = time;
  if (truncated) source.truncated = true;
  return source;
}
