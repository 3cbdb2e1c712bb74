/**
 * manifest.yml asks Slack for what the adapter listens to and calls: the
 * /sip command, the message shortcut by its callback id, the message events,
 * interactivity, and the scopes of every Web API method it uses.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SHORTCUT_CALLBACK_ID } from '../../../src/adapters/slack/slack-adapter.js';

interface Manifest {
  features: {
    slash_commands: { command: string; should_escape: boolean }[];
    shortcuts: { type: string; callback_id: string; name: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[] };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(
  readFileSync(fileURLToPath(new URL('../../../manifest.yml', import.meta.url)), 'utf8'),
) as Manifest;

describe('manifest.yml', () => {
  it('declares /sip (unescaped, as the adapter expects) and the "Diagnose SIP trace" shortcut', () => {
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({ command: '/sip', should_escape: false }),
    ]);
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({
        type: 'message',
        callback_id: SHORTCUT_CALLBACK_ID,
        name: 'Diagnose SIP trace',
      }),
    ]);
  });

  it('asks for the scopes of every call the adapter makes, and the message events', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        'commands',
        'chat:write',
        'chat:write.public',
        'channels:history',
        'groups:history',
        'im:history',
        'mpim:history',
        'files:read',
        'files:write',
      ]),
    );
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['message.channels', 'message.groups', 'message.im', 'message.mpim']),
    );
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
