/**
 * What a diagnosis card was made from, so its "Full JSON" button can read
 * it again. A pasted message or a shared file stays in Slack: the button
 * names it (`msg:<channel>:<ts>`) and the adapter fetches it back, after a
 * restart too. A paste typed after `/sip` exists nowhere in Slack, so this
 * process keeps the text for a while (`cmd:<id>`), bounded in count and
 * bytes; after a restart the button says the trace is gone.
 */

export type SourceRef =
  | { kind: 'message'; channel: string; ts: string }
  | { kind: 'command'; id: string };

const MESSAGE = /^msg:([A-Z0-9]+):(\d+\.\d+)$/;
const COMMAND = /^cmd:([0-9a-f-]{36})$/;

export function messageSource(channel: string, ts: string): string {
  return `msg:${channel}:${ts}`;
}

export function readSource(value: string): SourceRef | undefined {
  const message = MESSAGE.exec(value);
  if (message) return { kind: 'message', channel: message[1] as string, ts: message[2] as string };
  const command = COMMAND.exec(value);
  if (command) return { kind: 'command', id: command[1] as string };
  return undefined;
}
