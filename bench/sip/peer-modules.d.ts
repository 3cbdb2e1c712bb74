/**
 * Just enough typing for the npm parsers the benchmark compares against that
 * ship no declarations for the parts it calls.
 */

declare module 'sip' {
  export interface SipPackageMessage {
    method?: string;
    status?: number;
    headers: Record<string, unknown>;
    content?: string;
  }
  export function parse(data: string): SipPackageMessage | undefined;
  export function parseUri(uri: string): unknown;
}

declare module 'jssip/lib/Parser.js' {
  export interface JssipHeader {
    raw: string;
    parsed?: unknown;
  }
  export interface JssipMessage {
    method?: string;
    status_code?: number;
    headers: Record<string, JssipHeader[]>;
    call_id?: string;
    cseq?: number;
    from?: unknown;
    to?: unknown;
    from_tag?: string;
    to_tag?: string;
    via_branch?: string;
    body?: string;
    getHeader(name: string): string | undefined;
    parseHeader(name: string, index?: number): unknown;
  }
  export function parseMessage(data: string, ua: unknown): JssipMessage | undefined;
}
