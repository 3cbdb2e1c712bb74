// Thin re-export of the SDP parser, which lives in ./sdp/ split by concern.
export * from './sdp/parse-sdp.js';
export * from './sdp/sdp-types.js';
