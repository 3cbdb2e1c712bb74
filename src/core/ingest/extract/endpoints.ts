/**
 * Addresses and transports as the tools print them: "192.0.2.1:5060",
 * "[2001:db8::1]:5060", tcpdump's "192.0.2.1.5060", "UDP", "udp", 17.
 */
import type { Endpoint, Transport } from '../../sip/types.js';

const TRANSPORTS: Record<string, Transport> = {
  udp: 'UDP',
  tcp: 'TCP',
  tls: 'TLS',
  sctp: 'SCTP',
  ws: 'WS',
  wss: 'WSS',
  '17': 'UDP',
  '6': 'TCP',
  '132': 'SCTP',
};

/** Well-known port names tcpdump prints when it resolves ports. */
const PORT_NAMES: Record<string, number> = { sip: 5060, 'sip-tls': 5061, sips: 5061 };

/** A transport name or IP protocol number, any case; undefined when it is none we know. */
export function parseTransport(value: unknown): Transport | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  return TRANSPORTS[String(value).trim().toLowerCase()];
}

/** "host:port", "[v6]:port", "v6addr:port" (port after the last colon), or a bare host. */
export function parseEndpoint(text: string): Endpoint | undefined {
  const t = text.trim();
  if (t.length === 0 || t.length > 300) return undefined;
  if (t.startsWith('[')) {
    const close = t.indexOf(']');
    if (close < 2) return undefined;
    const address = t.slice(1, close);
    const rest = t.slice(close + 1);
    if (rest === '') return { address };
    const port = rest.startsWith(':') ? parsePort(rest.slice(1)) : undefined;
    return port === undefined ? undefined : { address, port };
  }
  const colon = t.lastIndexOf(':');
  if (colon < 0) return validHost(t) ? { address: t } : undefined;
  const port = parsePort(t.slice(colon + 1));
  const address = t.slice(0, colon);
  if (port !== undefined && address.length > 0 && validHost(address)) return { address, port };
  // An IPv6 address without brackets and without a port.
  return t.indexOf(':') !== colon && validHost(t) ? { address: t } : undefined;
}

/**
 * tcpdump's "address.port" (the port after the last dot, maybe a service
 * name), or a bare address when there is no port (IP fragments after the
 * first): a dotted quad, an IPv6 address without a dot, a host name.
 */
export function parseDottedEndpoint(text: string): Endpoint | undefined {
  const t = text.trim();
  if (!validHost(t)) return undefined;
  if (/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(t)) return { address: t };
  const dot = t.lastIndexOf('.');
  if (dot <= 0) return { address: t };
  const address = t.slice(0, dot);
  const portText = t.slice(dot + 1);
  const port = parsePort(portText) ?? PORT_NAMES[portText.toLowerCase()];
  return port === undefined ? { address: t } : { address, port };
}

/** A port number 0-65535 written in decimal. */
export function parsePort(text: string): number | undefined {
  if (text.length === 0 || text.length > 5) return undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/** A bare host or address (IPv6 without brackets too), no port. */
export function parseHost(text: string): string | undefined {
  const t = text.trim();
  const host = t.startsWith('[') && t.endsWith(']') ? t.slice(1, -1) : t;
  return validHost(host) ? host : undefined;
}

function validHost(host: string): boolean {
  if (host.length === 0 || host.length > 255) return false;
  for (let i = 0; i < host.length; i++) {
    const c = host.charCodeAt(i);
    const ok =
      (c >= 48 && c <= 58) ||
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      c === 45 ||
      c === 46 ||
      c === 37 ||
      c === 95;
    if (!ok) return false;
  }
  return true;
}
