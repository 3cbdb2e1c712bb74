/**
 * Where a pasted message's text can be made again, so that the message need
 * not keep it: what PayloadFile is to a captured message, for text.
 *
 * Why (issue 13): a message cut out of a paste is rebuilt from its lines
 * (prefixes taken off, CR LF put back), so its text is a string of its own,
 * and a message that kept it would keep every byte of the paste a second
 * time. Kept, the 7,000 texts of a 5 MB paste are copied by the young
 * generation's collections and then into the old generation while the paste
 * is read, at every start of a big diagnosis. A diagnosis reads a few
 * hundred messages again; those make their text again instead, from the
 * paste, which stays in memory anyway. The extractor that found the message
 * knows how (see read-again.ts under ingest/extract); this module only names
 * the contract, so that the SIP layer does not depend on the extractor.
 */
export abstract class TextOrigin {
  /** The message's text, the same string (character for character) each time it is asked. */
  abstract text(): string;
}
