/**
 * The one entry every face calls: `handle(request) -> reply`. It strips the
 * bot's own command word, picks the command (by name, by action, or by
 * trying each command's parse in turn), runs it with the request's policy,
 * and turns anything unexpected into a friendly card (reported through
 * `onError` for the face's log) so one bad message never takes a face down.
 */
import { ChecklistMemory } from '../checklist/checklist-memory.js';
import type { CommandContext } from '../commands/command.js';
import type { DrawPictures } from '../commands/diagnosis-pictures.js';
import { allCommands, commandForAction, commandNamed } from '../commands/registry.js';
import { ExplainCache } from '../explain/explain-cache.js';
import type { KnowledgeBase } from '../knowledge/knowledge-base.js';
import { forgetLastMatch } from '../sip/last-match.js';
import { commandText } from './command-text.js';
import { failedReply } from './failed-reply.js';
import { resolvePolicy } from './policy.js';
import { NO_REPLY, type Reply } from './reply.js';
import type { AppRequest } from './request.js';

export interface AppOptions {
  kb: KnowledgeBase;
  /** Milliseconds since the epoch; tests pass a clock they control. */
  now?: () => number;
  /** Called with every unexpected error and the request it came from (for the face's log). */
  onError?: (error: unknown, request: AppRequest) => void;
  /**
   * Draws a diagnosis's pictures instead of the renderers: tests pass one
   * they hold back or make fail, to see what a face does meanwhile.
   */
  drawPictures?: DrawPictures;
}

export interface App {
  handle(request: AppRequest): Promise<Reply>;
}

export { commandText };

export function createApp(options: AppOptions): App {
  const checklists = new ChecklistMemory();
  const explained = new ExplainCache(options.kb);
  const now = options.now ?? Date.now;

  async function dispatch(request: AppRequest): Promise<Reply> {
    const ctx: CommandContext = {
      kb: options.kb,
      request,
      policy: resolvePolicy(request.origin.platform, request.policy),
      now,
      checklists,
      explained,
      ...(options.drawPictures !== undefined ? { drawPictures: options.drawPictures } : {}),
    };
    if (request.type === 'action') {
      const command = await commandForAction(request.action.id);
      if (command?.onAction === undefined) return NO_REPLY;
      return command.onAction(request.action, ctx);
    }
    const text = request.type === 'command' ? commandText(request.text) : request.text;
    if (request.type === 'command' && request.command !== undefined) {
      const command = await commandNamed(request.command);
      const args = await command?.parse(`${request.command} ${text}`.trim(), request);
      if (command === undefined || args === undefined)
        throw new Error(`no command "${request.command}" takes "${text.slice(0, 40)}"`);
      return command.run(args, ctx);
    }
    // A plain channel message is only answered when it holds SIP (or a trace file).
    const candidates =
      request.type === 'message'
        ? [await commandNamed('diagnose')].filter((c) => c !== undefined)
        : await allCommands();
    for (const command of candidates) {
      const args = await command.parse(text, request);
      if (args !== undefined) return command.run(args, ctx);
    }
    return NO_REPLY;
  }

  return {
    async handle(request) {
      try {
        const reply = await dispatch(request);
        // The last regex subject (a line of this team's trace) must not outlive the request.
        forgetLastMatch();
        return reply;
      } catch (error) {
        options.onError?.(error, request);
        forgetLastMatch();
        return failedReply();
      }
    },
  };
}
