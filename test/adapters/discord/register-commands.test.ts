import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS, commandChanges } from '../../../src/adapters/discord/discord-commands.js';
import { registerCommands } from '../../../src/adapters/discord/register-commands.js';
import {
  APP_ID,
  DISCORD_TOKEN,
  FakeDiscord,
  GUILD_ID,
} from '../../support/discord/fake-discord.js';

let fake: FakeDiscord | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe('Discord command registration', () => {
  it('defines /sip with autocomplete, /sip-diagnose with trace and file, and the context menu', () => {
    const sip = COMMANDS.find((c) => c.name === 'sip');
    expect(sip?.options?.[0]).toMatchObject({ name: 'query', autocomplete: true, required: true });
    const diagnose = COMMANDS.find((c) => c.name === 'sip-diagnose');
    expect(diagnose?.options?.map((o) => [o.name, o.type])).toEqual([
      ['trace', 3],
      ['file', 11],
    ]);
    expect(COMMANDS.find((c) => c.type === 3)?.name).toBe('Diagnose SIP trace');
    for (const c of COMMANDS) {
      expect(c.name.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('registers in the guild, then says nothing changed the second time', async () => {
    fake = await FakeDiscord.start();
    const config = {
      token: DISCORD_TOKEN,
      applicationId: APP_ID,
      guildId: GUILD_ID,
      apiUrl: fake.apiUrl,
      watch: 'all' as const,
      port: 0,
    };
    const first = await registerCommands(config);
    expect(first.where).toBe(`server ${GUILD_ID}`);
    expect(first.changes.map((c) => c.change)).toEqual(['added', 'added', 'added']);
    expect(fake.commandsFor(GUILD_ID).map((c) => c.name)).toEqual(COMMANDS.map((c) => c.name));
    const second = await registerCommands(config);
    expect(second.changes.map((c) => c.change)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    const { guildId: _g, ...global } = config;
    expect((await registerCommands(global)).where).toBe('every server (global)');
    expect(fake.commandsFor().length).toBe(COMMANDS.length);
  });

  it('tells updated and removed commands apart', () => {
    const registered = [
      { ...COMMANDS[0], id: '1', version: '1', description: 'old words' },
      { name: 'sip-old', type: 1, description: 'gone', id: '2' },
    ];
    const changes = commandChanges(registered, COMMANDS);
    expect(changes).toEqual([
      { name: 'sip', change: 'updated' },
      { name: 'sip-diagnose', change: 'added' },
      { name: 'Diagnose SIP trace', change: 'added' },
      { name: 'sip-old', change: 'removed' },
    ]);
  });
});
