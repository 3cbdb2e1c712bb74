/**
 * Every command, registered once, in the order free text is tried: help,
 * list and checklist know their first word; diagnose takes text that holds
 * SIP messages (and trace files); suggest never takes typed text (an adapter
 * asks for it by name, for autocomplete); explain takes whatever is left.
 *
 * Commands are loaded on first use: a request that names its command (the
 * CLI's `explain 403`, an autocomplete) loads that command alone, so a
 * lookup never loads the diagnosis pipeline. Free text loads them all, once.
 */
import type { AnyCommand } from './command.js';

type Loader = () => Promise<AnyCommand>;

const LOADERS: readonly (readonly [name: string, load: Loader])[] = [
  ['help', async () => (await import('./help.js')).help],
  ['list', async () => (await import('./list.js')).list],
  ['checklist', async () => (await import('./checklist.js')).checklist],
  ['diagnose', async () => (await import('./diagnose.js')).diagnose],
  ['suggest', async () => (await import('./suggest.js')).suggestCommand],
  ['explain', async () => (await import('./explain.js')).explain],
];

/**
 * The command that answers each card action, known without loading it;
 * a test checks it against the actions each command declares.
 */
export const ACTION_OWNERS: Readonly<Record<string, string>> = {
  'post-checklist': 'checklist',
  tick: 'checklist',
  untick: 'checklist',
  'full-json': 'diagnose',
};

/** Command names in the order free text is tried. */
export const COMMAND_NAMES: readonly string[] = LOADERS.map(([name]) => name);

const loaded = new Map<string, Promise<AnyCommand>>();

/** The command called `name`, loaded on first use; undefined for an unknown name. */
export function commandNamed(name: string): Promise<AnyCommand | undefined> {
  const load = LOADERS.find(([n]) => n === name)?.[1];
  if (load === undefined) return Promise.resolve(undefined);
  let command = loaded.get(name);
  if (command === undefined) {
    command = load();
    loaded.set(name, command);
    // A failed import is tried again next time rather than remembered.
    command.catch(() => loaded.delete(name));
  }
  return command;
}

/** Every command, in the order free text is tried. */
export async function allCommands(): Promise<AnyCommand[]> {
  const commands = await Promise.all(COMMAND_NAMES.map((name) => commandNamed(name)));
  return commands.filter((c): c is AnyCommand => c !== undefined);
}

/** The command that answers action `id`, if any. */
export function commandForAction(id: string): Promise<AnyCommand | undefined> {
  const owner = ACTION_OWNERS[id];
  return owner === undefined ? Promise.resolve(undefined) : commandNamed(owner);
}
