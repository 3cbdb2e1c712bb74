/** The public API of the sip-triage core (the package's main export). */
export type * from './card.js';
export { defaultKnowledgeBase, explain } from './explain/explain.js';
export { type ExplainQuery, parseQuery } from './explain/parse-query.js';
export { literal, parseInline, plainText } from './inline.js';
export { KnowledgeBase } from './knowledge/knowledge-base.js';
export { type KnowledgeProblem, KnowledgeValidationError } from './knowledge/knowledge-error.js';
export { renderJson } from './render/json.js';
export { renderMarkdown } from './render/markdown.js';
export { renderText } from './render/text.js';
export { parseMessage, type SipMessage, type Header } from './sip/parse-message.js';
export { extractMessages, type ExtractedMessage } from './sip/extract/extract-messages.js';
export { parseInput, parseText, type ParsedMessage, type ParseInputResult } from './sip/parse-input.js';
export { summarizeMessage, type MessageSummary } from './sip/message-summary.js';
export { isCapture, readCapture, readCaptureBuffer, type CapturedMessage } from './capture/read-capture.js';
export type * from './sip/types.js';
