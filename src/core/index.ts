/** The public API of the sip-triage core (the package's main export). */

export {
  type CapturedMessage,
  isCapture,
  readCapture,
  readCaptureBuffer,
} from './capture/read-capture.js';
export type * from './card.js';
export { defaultKnowledgeBase, explain } from './explain/explain.js';
export { type ExplainQuery, parseQuery } from './explain/parse-query.js';
export { literal, parseInline, plainText } from './inline.js';
export { KnowledgeBase } from './knowledge/knowledge-base.js';
export { type KnowledgeProblem, KnowledgeValidationError } from './knowledge/knowledge-error.js';
export { renderJson } from './render/json.js';
export { renderMarkdown } from './render/markdown.js';
export { renderText } from './render/text.js';
export { type ExtractedMessage, extractMessages } from './sip/extract/extract-messages.js';
export { KeptMessage } from './sip/kept-message.js';
export { type MessageSummary, summarizeMessage } from './sip/message-summary.js';
export {
  type ParsedMessage,
  type ParseInputResult,
  parseInput,
  parseText,
} from './sip/parse-input.js';
export { type Header, parseMessage, type SipMessage } from './sip/parse-message.js';
export type * from './sip/types.js';
