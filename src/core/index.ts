/**
 * The public API of the sip-triage core (the package's main export):
 * the application seam every face calls (`handle`, `createApp`), the stages
 * it is built from (ingest, parse, explain, diagnose) and the renderers.
 */

// The seam: request in, reply out.
export type { Adapter, PlatformCapabilities } from './app/adapter.js';
export { handle } from './app/default-app.js';
export { type App, type AppOptions, commandText, createApp } from './app/handle.js';
export type { Policy, PolicyChoices } from './app/policy.js';
export type { OutgoingFile, OutgoingMessage, Placement, Reply } from './app/reply.js';
export type { ActionEvent, AppRequest, Attachment, Origin } from './app/request.js';
export type * from './card.js';
// Shared checklists.
export * from './checklist/checklist.js';
export { decodeChecklist, encodeChecklist } from './checklist/checklist-codec.js';
// Diagnose.
export { type DiagnoseOptions, diagnose, diagnoseTrace } from './diagnose/diagnose.js';
export type * from './diagnose/types.js';

// Explain.
import type { Card } from './card.js';
import { explain as explainWith } from './explain/explain.js';
import type { KnowledgeBase as Knowledge } from './knowledge/knowledge-base.js';
import { defaultKnowledgeBase as packagedKnowledge } from './knowledge/validated-knowledge.js';

/**
 * Explains a SIP code, class, Q.850 cause, vendor cause name, warn-code or
 * free text; without `kb`, from the packaged knowledge base (loaded on first use).
 */
export function explain(query: string, kb: Knowledge = packagedKnowledge()): Card {
  return explainWith(query, kb);
}
export { type ExplainQuery, parseQuery } from './explain/parse-query.js';
export { type Suggestion, suggest } from './explain/suggest.js';
// Ingest: pastes, logs and captures to messages.
export { isCapture, readCapture, readCaptureBuffer } from './ingest/capture/read-capture.js';
export { extractMessages } from './ingest/extract/extract-messages.js';
export { parseInput } from './ingest/parse-input.js';
export { type ParseInputResult, parseText } from './ingest/parse-text.js';
export type { RawMessage } from './ingest/raw-message.js';
export { literal, parseInline, plainText } from './inline.js';
export { KnowledgeBase } from './knowledge/knowledge-base.js';
export { type KnowledgeProblem, KnowledgeValidationError } from './knowledge/knowledge-error.js';
export { loadKnowledgeBase } from './knowledge/load-knowledge-base.js';
export {
  defaultKnowledgeBase,
  validatedKnowledgeBase,
} from './knowledge/validated-knowledge.js';
// Render.
export { diagnosisCard, diagnosisJson } from './render/diagnosis-card.js';
export { renderDiscord } from './render/discord/render-embeds.js';
export { renderJson } from './render/json.js';
export { LADDER_WIDTH, renderLadder } from './render/ladder.js';
export { renderMarkdown } from './render/markdown.js';
export { renderMermaid } from './render/mermaid.js';
export { OUTPUT_FORMATS, type OutputFormat, renderAs } from './render/render-as.js';
export { renderSlack } from './render/slack/render-blocks.js';
export { renderText } from './render/text.js';
// The SIP grammar.
export { InputMessage } from './sip/input-message.js';
export { type MessageSummary, summarizeMessage } from './sip/message-summary.js';
export { type ParseOptions, parseMessage } from './sip/parse-message.js';
export { ParserState } from './sip/parser-state.js';
export type { Header, SipMessage } from './sip/sip-message.js';
export type * from './sip/types.js';
export { buildTrace } from './trace/build-trace.js';
export type * from './trace/types.js';
