/** `handle` on the packaged knowledge base, for callers that do not need their own app. */
import { defaultKnowledgeBase } from '../knowledge/validated-knowledge.js';
import { type App, createApp } from './handle.js';
import type { Reply } from './reply.js';
import type { AppRequest } from './request.js';

let app: App | undefined;

/** Answers one request with the packaged knowledge base (loaded on first use). */
export function handle(request: AppRequest): Promise<Reply> {
  app ??= createApp({ kb: defaultKnowledgeBase() });
  return app.handle(request);
}
