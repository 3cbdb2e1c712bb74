/**
 * Headers B2BUAs and SBCs put the other leg's Call-ID in (FreeSWITCH,
 * Asterisk and SBC conventions). The trace ties legs by them
 * (trace/link-legs.ts); an input message keeps whether it has one.
 */
export const LEG_HEADERS = [
  'x-call-id',
  'x-cid',
  'x-orig-call-id',
  'x-original-call-id',
  'x-leg-call-id',
  'x-fs-call-id',
] as const;
