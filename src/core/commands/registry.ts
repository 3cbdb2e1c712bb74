/**
 * Every command, registered once, in the order free text is tried: help,
 * list and checklist know their first word; diagnose takes text that holds
 * SIP messages (and trace files); suggest never takes typed text (an adapter
 * asks for it by name, for autocomplete); explain takes whatever is left.
 */
import { checklist } from './checklist.js';
import type { AnyCommand } from './command.js';
import { diagnose } from './diagnose.js';
import { explain } from './explain.js';
import { help } from './help.js';
import { list } from './list.js';
import { suggestCommand } from './suggest.js';

export const COMMANDS: readonly AnyCommand[] = [
  help,
  list,
  checklist,
  diagnose,
  suggestCommand,
  explain,
];

export function commandNamed(name: string): AnyCommand | undefined {
  return COMMANDS.find((c) => c.name === name);
}

export function commandForAction(id: string): AnyCommand | undefined {
  return COMMANDS.find((c) => c.actions?.includes(id as never));
}
