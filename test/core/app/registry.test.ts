/** The command registry loads commands on first use and knows who answers each action without loading it. */
import { describe, expect, it } from 'vitest';
import {
  ACTION_OWNERS,
  allCommands,
  COMMAND_NAMES,
  commandForAction,
  commandNamed,
} from '../../../src/core/commands/registry.js';

describe('the command registry', () => {
  it('loads every command under its own name, in the order free text is tried', async () => {
    const commands = await allCommands();
    expect(commands.map((c) => c.name)).toEqual([...COMMAND_NAMES]);
    expect(COMMAND_NAMES.at(-1)).toBe('explain');
    expect(await commandNamed('explain')).toBe(commands.at(-1));
    expect(await commandNamed('nope')).toBeUndefined();
  });

  it('names the owner of every action a command declares, and no other', async () => {
    const declared: Record<string, string> = {};
    for (const command of await allCommands())
      for (const action of command.actions ?? []) declared[action] = command.name;
    expect(ACTION_OWNERS).toEqual(declared);
    for (const [action, owner] of Object.entries(ACTION_OWNERS))
      expect((await commandForAction(action))?.name).toBe(owner);
    expect(await commandForAction('show-more')).toBeUndefined();
  });
});
