/**
 * Shared address text and Endpoint objects. A capture repeats the same few
 * addresses and ports thousands of times; handing out one Endpoint per
 * address and port saves an allocation per packet and, more important, the
 * memory of every message a caller keeps. The Endpoints are shared between
 * messages, so they are frozen. Both caches are bounded.
 */
import type { Endpoint } from '../../sip/types.js';
import { u32be } from './byte-order.js';
import { ipv4Text } from './ip-address.js';

const MAX_ENTRIES = 16384;

export class AddressBook {
  private readonly v4 = new Map<number, string>();
  private readonly v4Endpoints = new Map<number, Endpoint>();
  private readonly otherEndpoints = new Map<string, Endpoint>();
  /**
   * The last few answers, checked before the maps: consecutive packets mostly
   * come from the same few addresses, and a map lookup under a number beyond
   * the small-integer range costs a boxed key and a hash.
   */
  private lastV4Key = -1;
  private lastV4Text = '';
  private readonly recentKeys = [-1, -1, -1, -1];
  private readonly recentEndpoints: (Endpoint | undefined)[] = [
    undefined,
    undefined,
    undefined,
    undefined,
  ];
  private recentNext = 0;

  /** The IPv4 address at b[i..i+4) as text. */
  ipv4(b: Uint8Array, i: number): string {
    const key = u32be(b, i);
    if (key === this.lastV4Key) return this.lastV4Text;
    let text = this.v4.get(key);
    if (text === undefined) {
      if (this.v4.size >= MAX_ENTRIES) this.v4.clear();
      text = ipv4Text(b, i);
      this.v4.set(key, text);
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
    const key = v4 * 65536 + port;
    const keys = this.recentKeys;
    for (let k = 0; k < keys.length; k++) {
      if (keys[k] === key) return this.recentEndpoints[k] as Endpoint;
    }
    let endpoint = this.v4Endpoints.get(key);
    if (!endpoint) {
      if (this.v4Endpoints.size >= MAX_ENTRIES) this.v4Endpoints.clear();
      endpoint = Object.freeze({ address, port });
      this.v4Endpoints.set(key, endpoint);
    }
    keys[this.recentNext] = key;
    this.recentEndpoints[this.recentNext] = endpoint;
    this.recentNext = (this.recentNext + 1) & 3;
    return endpoint;
  }
}
