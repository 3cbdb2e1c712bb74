/**
 * Shared address text and Endpoint objects. A capture repeats the same few
 * addresses and ports thousands of times; handing out one Endpoint per
 * address and port saves an allocation per packet and, more important, the
 * memory of every message a caller keeps. The Endpoints are shared between
 * messages, so they are frozen. Both caches are bounded.
 */
import type { Endpoint } from '../../sip/types.js';
import { u32be } from './byte-order.js';
import { IntPairMap } from './int-pair-map.js';
import { ipv4Text } from './ip-address.js';

const MAX_ENTRIES = 16384;

export class AddressBook {
  /** IPv4 address texts and Endpoints by address (a u32 taken as an int32) and port. */
  private readonly v4 = new IntPairMap<string>(MAX_ENTRIES);
  private readonly v4Endpoints = new IntPairMap<Endpoint>(MAX_ENTRIES);
  private readonly otherEndpoints = new Map<string, Endpoint>();
  /** The answer before: consecutive packets often come from one address. */
  private lastV4Key = -1;
  private lastV4Text = '';

  /** The IPv4 address at b[i..i+4) as text. */
  ipv4(b: Uint8Array, i: number): string {
    const key = u32be(b, i);
    if (key === this.lastV4Key) return this.lastV4Text;
    let text = this.v4.get(key, 0);
    if (text === undefined) {
      text = ipv4Text(b, i);
      this.v4.set(key, 0, text);
    }
    this.lastV4Key = key;
    this.lastV4Text = text;
    return text;
  }

  /** The Endpoint for this address (any text) and port. */
  endpoint(address: string, port: number): Endpoint {
    const key = `${address} ${port}`;
    let endpoint = this.otherEndpoints.get(key);
    if (!endpoint) {
      if (this.otherEndpoints.size >= MAX_ENTRIES) this.otherEndpoints.clear();
      endpoint = Object.freeze({ address, port });
      this.otherEndpoints.set(key, endpoint);
    }
    return endpoint;
  }

  /** The Endpoint for an address and port; `v4` is the IPv4 address as a number, -1 for others. */
  endpointOf(address: string, v4: number, port: number): Endpoint {
    if (v4 < 0) return this.endpoint(address, port);
    let endpoint = this.v4Endpoints.get(v4, port);
    if (endpoint === undefined) {
      endpoint = Object.freeze({ address, port });
      this.v4Endpoints.set(v4, port, endpoint);
    }
    return endpoint;
  }
}
