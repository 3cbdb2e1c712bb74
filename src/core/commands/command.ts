/**
 * One chat command: how it reads the text after `/sip`, what it does, and
 * which card actions it answers. Commands are registered once
 * (registry.ts) and shared by every face: the CLI, the console and the chat
 * adapters reach the same code through `handle`.
 */

import type { Policy } from '../app/policy.js';
import type { Reply } from '../app/reply.js';
import type { ActionEvent, AppRequest } from '../app/request.js';
import type { CardActionId } from '../card.js';
import type { ChecklistMemory } from '../checklist/checklist-memory.js';
import type { ExplainCache } from '../explain/explain-cache.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import type { DrawPictures } from './diagnosis-pictures.js';

export interface CommandContext {
  kb: KnowledgeBase;
  request: AppRequest;
  policy: Policy;
  /** Milliseconds since the epoch (a clock the tests can set). */
  now(): number;
  /** The latest checklist states this process produced, by message. */
  checklists: ChecklistMemory;
  /** Knowledge cards already built, shared between requests (see explain-cache.ts). */
  explained: ExplainCache;
  /** Draws a diagnosis's pictures; undefined: the renderers (loaded when first asked for). */
  drawPictures?: DrawPictures;
}

export interface Command<Args = unknown> {
  name: string;
  /**
   * The arguments in `text` (what follows `/sip`), or undefined when the text
   * is not for this command; a promise when telling needs a module loaded
   * first (diagnose loads the SIP reader only for text that may hold SIP).
   */
  parse(text: string, request: AppRequest): Args | undefined | Promise<Args | undefined>;
  run(args: Args, ctx: CommandContext): Promise<Reply>;
  /** Card actions this command answers. */
  readonly actions?: readonly CardActionId[];
  onAction?(event: ActionEvent, ctx: CommandContext): Promise<Reply>;
}

/** A command with its argument type erased, as the registry holds it. */
export type AnyCommand = Command<never> & {
  parse(text: string, request: AppRequest): unknown | Promise<unknown>;
  run(args: unknown, ctx: CommandContext): Promise<Reply>;
};

/** Registers a command with its argument type checked against its own parse. */
export function defineCommand<Args>(command: Command<Args>): AnyCommand {
  return command as unknown as AnyCommand;
}
