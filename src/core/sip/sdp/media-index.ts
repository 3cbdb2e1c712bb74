// Per-media lookup sets (formats, rtpmap payload types, crypto tags) kept beside each SdpMedia.
import type { SdpMedia } from './sdp-types.js';

/** Lookup sets per media description, so checks stay linear on huge inputs. */
export interface MediaIndex {
  formats: Set<string>;
  rtpmapTypes: Set<number>;
  cryptoTags: Set<number>;
}
const indexes = new WeakMap<SdpMedia, MediaIndex>();

export function mediaIndex(media: SdpMedia): MediaIndex {
  let index = indexes.get(media);
  if (!index) {
    index = { formats: new Set(media.formats), rtpmapTypes: new Set(), cryptoTags: new Set() };
    indexes.set(media, index);
  }
  return index;
}
