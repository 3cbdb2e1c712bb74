/**
 * The application commands this bot registers, as Discord's JSON, and what
 * registering them would change. Pure data and a comparison: the register
 * script (src/discord-register.ts) sends them.
 */

export const COMMAND_NAMES = {
  lookup: 'sip',
  diagnose: 'sip-diagnose',
  /** The message context-menu command. */
  diagnoseMessage: 'Diagnose SIP trace',
} as const;

/** Option and command types (discord-api-docs, Application Command Object). */
const CHAT_INPUT = 1;
const MESSAGE = 3;
const STRING = 3;
const ATTACHMENT = 11;

export interface CommandDefinition {
  name: string;
  type: number;
  description: string;
  options?: {
    type: number;
    name: string;
    description: string;
    required?: boolean;
    autocomplete?: boolean;
    max_length?: number;
  }[];
  /** Servers (0) and, for the lookup, DMs with the bot (1). */
  contexts?: number[];
}

export const COMMANDS: readonly CommandDefinition[] = [
  {
    name: COMMAND_NAMES.lookup,
    type: CHAT_INPUT,
    description: 'Explain a SIP response code, class, Q.850 cause, vendor cause or Warning code',
    options: [
      {
        type: STRING,
        name: 'query',
        description: 'e.g. 403, 4xx, busy, q850 34, USER_BUSY, warning 399, help',
        required: true,
        autocomplete: true,
        max_length: 6000,
      },
    ],
    contexts: [0, 1],
  },
  {
    name: COMMAND_NAMES.diagnose,
    type: CHAT_INPUT,
    description: 'Diagnose pasted SIP messages or an attached .pcap/.pcapng/.txt/.log/.json trace',
    options: [
      {
        type: STRING,
        name: 'trace',
        description: 'SIP messages or a log excerpt (longer traces: attach a file)',
        max_length: 6000,
      },
      { type: ATTACHMENT, name: 'file', description: 'A capture or log file' },
    ],
    contexts: [0],
  },
  { name: COMMAND_NAMES.diagnoseMessage, type: MESSAGE, description: '', contexts: [0] },
];

export interface CommandChange {
  name: string;
  change: 'added' | 'updated' | 'removed' | 'unchanged';
}

/** What putting `wanted` in place of `registered` changes, command by command. */
export function commandChanges(
  registered: readonly unknown[],
  wanted: readonly CommandDefinition[],
): CommandChange[] {
  const current = new Map<string, Record<string, unknown>>();
  for (const entry of registered) {
    const c = entry as Record<string, unknown>;
    if (typeof c.name === 'string') current.set(`${String(c.type ?? CHAT_INPUT)}:${c.name}`, c);
  }
  const changes: CommandChange[] = [];
  for (const command of wanted) {
    const key = `${command.type}:${command.name}`;
    const before = current.get(key);
    current.delete(key);
    if (before === undefined) changes.push({ name: command.name, change: 'added' });
    else
      changes.push({ name: command.name, change: same(before, command) ? 'unchanged' : 'updated' });
  }
  for (const before of current.values())
    changes.push({ name: String(before.name), change: 'removed' });
  return changes;
}

/** Whether a registered command already says what `wanted` says (Discord adds ids, versions and defaults). */
function same(registered: Record<string, unknown>, wanted: CommandDefinition): boolean {
  if (registered.description !== wanted.description && wanted.type === CHAT_INPUT) return false;
  const theirs = Array.isArray(registered.options)
    ? (registered.options as Record<string, unknown>[])
    : [];
  const ours = wanted.options ?? [];
  if (theirs.length !== ours.length) return false;
  return ours.every((option, i) => {
    const other = theirs[i] ?? {};
    return (
      other.name === option.name &&
      other.type === option.type &&
      other.description === option.description &&
      Boolean(other.required) === Boolean(option.required) &&
      Boolean(other.autocomplete) === Boolean(option.autocomplete) &&
      (other.max_length ?? undefined) === option.max_length
    );
  });
}
