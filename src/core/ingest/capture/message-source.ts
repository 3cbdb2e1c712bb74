/**
 * Building the MessageSource of a captured message: from the packet that
 * carried it, or from the HEP header that describes the original packet.
 */
import type { Endpoint, MessageSource, Transport } from '../../sip/types.js';
import type { PacketMeta } from './capture-types.js';
import type { HepPacket } from './hep.js';

export function packetSource(
  meta: PacketMeta,
  src: Endpoint,
  dst: Endpoint,
  transport: Transport,
  truncated: boolean,
): MessageSource {
  // Built whole where it can be: an object that grows afterwards takes more memory, and
  // an input keeps one per message.
  const { format, frame, epochMicros } = meta;
  const source: MessageSource =
    epochMicros === undefined
      ? { src, dst, transport, format, frame }
      : { src, dst, transport, format, frame, epochMicros };
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
