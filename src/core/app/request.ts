/**
 * What a person did, as every face hands it to the core: typed a command,
 * posted a message (a paste, perhaps with files), or used an action on a
 * card; plus who did it and where, for attribution, logs and limits.
 */
import type { CardActionId } from '../card.js';
import type { PayloadFile } from '../sip/payload-file.js';
import type { PolicyChoices } from './policy.js';

/** Who and where: the platform's own ids, passed through untouched. */
export interface Origin {
  /** "slack", "discord", "console", "cli", "memory"... */
  platform: string;
  user: { id: string; name?: string };
  /** Channel, DM or terminal. */
  conversation: string;
  /** The thread the request was made in, when it was made in one. */
  thread?: string;
  /** The platform message the request came from (a pasted message), when there is one. */
  message?: string;
}

/** A file that came with a message. `open()` streams its bytes (the adapter downloads it). */
export interface Attachment {
  name: string;
  /** Bytes, when the platform says (used to refuse oversized files before downloading). */
  size?: number;
  contentType?: string;
  open(): AsyncIterable<Uint8Array>;
  /**
   * The file on this machine that open() reads (the CLI's): a capture's
   * messages read their payloads again from it instead of keeping them.
   */
  file?: PayloadFile;
}

/** A card action used on an earlier message. */
export interface ActionEvent {
  id: CardActionId;
  /** The action's value as the card set it ("code:403", an item id...). */
  value: string;
  /** The message the action was used on. */
  message: string;
  /** The state that message carries (see OutgoingMessage.state), as the platform gave it back. */
  state?: string;
}

interface RequestBase {
  origin: Origin;
  /** What this face allows and hides; see policy.ts for the defaults. */
  policy?: PolicyChoices;
}

/**
 * `command`: text typed after the bot's command (`/sip 403`, `/sip <paste>`);
 * `command` may name the command outright (a "Diagnose SIP trace" shortcut).
 * `message`: a message the bot saw in a channel; it is answered only when it
 * holds SIP messages or a trace file.
 * `action`: a card action; `text` and `attachments` may carry the message the
 * action's card answered, when a command needs it again (the full JSON).
 */
export type AppRequest =
  | (RequestBase & {
      type: 'command';
      text: string;
      command?: string;
      attachments?: readonly Attachment[];
    })
  | (RequestBase & { type: 'message'; text: string; attachments?: readonly Attachment[] })
  | (RequestBase & {
      type: 'action';
      action: ActionEvent;
      text?: string;
      attachments?: readonly Attachment[];
    });
