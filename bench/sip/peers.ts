/**
 * The parsers under test, loaded on demand so that a child process measuring
 * one of them has only that one in memory (peak RSS stays comparable).
 */
import type { Peer } from './peer.js';

export type PeerId =
  | 'ours'
  | 'ours-text-uri'
  | 'ours-checked'
  | 'sip'
  | 'sip-text-uri'
  | 'jssip'
  | 'sip.js'
  | 'naive';

export const PEER_IDS: readonly PeerId[] = [
  'ours',
  'ours-text-uri',
  'ours-checked',
  'sip',
  'sip-text-uri',
  'jssip',
  'sip.js',
  'naive',
];
/** The peers published on npm, against which our speed is compared (the fastest of them). */
export const NPM_PEER_IDS: readonly PeerId[] = ['sip', 'sip-text-uri', 'jssip', 'sip.js'];

export async function loadPeer(id: PeerId): Promise<Peer> {
  switch (id) {
    case 'ours':
      return (await import('./our-peer.js')).ourPeer;
    case 'ours-text-uri':
      return (await import('./our-peer.js')).ourTextUriPeer;
    case 'ours-checked':
      return (await import('./our-peer.js')).ourCheckedPeer;
    case 'sip':
      return (await import('./sip-package-peer.js')).sipPackagePeer;
    case 'sip-text-uri':
      return (await import('./sip-package-peer.js')).sipPackageTextUriPeer;
    case 'jssip':
      return (await import('./jssip-peer.js')).jssipPeer;
    case 'sip.js':
      return (await import('./sipjs-peer.js')).sipJsPeer;
    case 'naive':
      return (await import('./naive-peer.js')).naivePeer;
  }
}

export function isPeerId(value: string): value is PeerId {
  return (PEER_IDS as readonly string[]).includes(value);
}
