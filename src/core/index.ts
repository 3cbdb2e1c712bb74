/** The public API of the sip-triage core (the package's main export). */

export type * from './card.js';
export { defaultKnowledgeBase, explain } from './explain/explain.js';
export { type ExplainQuery, parseQuery } from './explain/parse-query.js';
export { isCapture, readCapture, readCaptureBuffer } from './ingest/capture/read-capture.js';
export { extractMessages } from './ingest/extract/extract-messages.js';
export { type ParseInputResult, parseInput, parseText } from './ingest/parse-input.js';
export type { RawMessage } from './ingest/raw-message.js';
export { literal, parseInline, plainText } from './inline.js';
export { KnowledgeBase } from './knowledge/knowledge-base.js';
export { type KnowledgeProblem, KnowledgeValidationError } from './knowledge/knowledge-error.js';
export { renderJson } from './render/json.js';
export { renderMarkdown } from './render/markdown.js';
export { renderText } from './render/text.js';
export { InputMessage } from './sip/input-message.js';
export { type MessageSummary, summarizeMessage } from './sip/message-summary.js';
export { parseMessage } from './sip/parse-message.js';
export type { Header, SipMessage } from './sip/sip-message.js';
export type * from './sip/types.js';
