/**
 * A face of the bot on one platform (the console, Slack, Discord, the
 * in-memory chat of the tests): it receives what people do, hands it to the
 * core's `handle`, and renders and sends the reply. What it can do decides
 * how a reply is shown: a thread becomes a plain reply where there are no
 * threads, an ephemeral answer becomes public where the platform has none.
 */

export interface PlatformCapabilities {
  threads: boolean;
  ephemeral: boolean;
  buttons: boolean;
  fileUpload: boolean;
  /** Can edit a message it sent (checklist updates). */
  updates: boolean;
  /** Longest text of one message, in characters. */
  maxMessageChars: number;
  /** Largest file it accepts from users, in bytes. */
  maxUploadBytes: number;
}

export interface Adapter {
  readonly name: string;
  readonly capabilities: PlatformCapabilities;
  /** Connects and starts serving; resolves once it is ready. */
  start(): Promise<void>;
  /** Stops taking new work, finishes what is in flight, disconnects. */
  stop(): Promise<void>;
}
