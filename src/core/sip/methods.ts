/** The SIP methods registered with IANA (RFC 3261 and its extensions). */
export const SIP_METHODS: readonly string[] = [
  'INVITE',
  'ACK',
  'BYE',
  'CANCEL',
  'OPTIONS',
  'REGISTER',
  'PRACK',
  'SUBSCRIBE',
  'NOTIFY',
  'PUBLISH',
  'INFO',
  'REFER',
  'MESSAGE',
  'UPDATE',
];

export const SIP_METHOD_SET: ReadonlySet<string> = new Set(SIP_METHODS);
