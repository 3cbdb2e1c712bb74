import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has working defaults with an empty environment', () => {
    expect(loadConfig({})).toEqual({
      knowledgeDir: undefined,
      logLevel: 'info',
      consoleFormat: 'text',
      color: undefined,
      sipLimits: {},
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        KNOWLEDGE_DIR: 'knowledge',
        LOG_LEVEL: 'debug',
        SIP_TRIAGE_FORMAT: 'markdown',
        NO_COLOR: '1',
      }),
    ).toEqual({
      knowledgeDir: 'knowledge',
      logLevel: 'debug',
      consoleFormat: 'markdown',
      color: false,
      sipLimits: {},
    });
    expect(loadConfig({ FORCE_COLOR: '1' }).color).toBe(true);
    expect(loadConfig({ FORCE_COLOR: '0' }).color).toBe(false);
  });

  it('reads the SIP parsing limits as positive whole numbers', () => {
    expect(
      loadConfig({ SIP_MAX_INPUT_BYTES: '1048576', SIP_MAX_MESSAGES: '10' }).sipLimits,
    ).toEqual({
      maxInputBytes: 1_048_576,
      maxMessages: 10,
    });
    expect(() => loadConfig({ SIP_MAX_HEADER_COUNT: '0' })).toThrow(
      /SIP_MAX_HEADER_COUNT="0": must be greater than 0/,
    );
    expect(() => loadConfig({ SIP_MAX_HEADER_LENGTH: 'lots' })).toThrow(
      /SIP_MAX_HEADER_LENGTH="lots"/,
    );
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ LOG_LEVEL: '', KNOWLEDGE_DIR: '' })).toMatchObject({
      logLevel: 'info',
      knowledgeDir: undefined,
    });
  });

  it('fails fast naming each invalid variable and its value', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud', KNOWLEDGE_DIR: '/no/such/dir' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ LOG_LEVEL: 'loud', KNOWLEDGE_DIR: '/no/such/dir' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('LOG_LEVEL="loud"');
      expect(message).toContain('KNOWLEDGE_DIR="/no/such/dir": must be an existing directory');
    }
  });

  it('reads a Slack configuration: Socket Mode, HTTP mode, defaults', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack).toEqual({
      botToken: 'xoxb-1',
      appToken: 'xapp-1',
      response: 'in_channel',
      watch: 'all',
      port: 3000,
    });
    expect(
      loadConfig({
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 'shh',
        SLACK_API_URL: 'http://127.0.0.1:9999/api',
        SLACK_RESPONSE: 'ephemeral',
        SLACK_WATCH: 'mention',
        PORT: '8080',
        SIP_WORKERS: '0',
      }),
    ).toMatchObject({
      workers: 0,
      slack: {
        signingSecret: 'shh',
        apiUrl: 'http://127.0.0.1:9999/api/',
        response: 'ephemeral',
        watch: 'mention',
        port: 8080,
      },
    });
    expect(loadConfig({}).slack).toBeUndefined();
  });

  it('names each bad Slack variable and never echoes a token or secret', () => {
    const message = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(message({ SLACK_APP_TOKEN: 'xapp-secret-1' })).toMatch(
      /SLACK_BOT_TOKEN=\(not set\): is needed/,
    );
    const wrong = message({ SLACK_BOT_TOKEN: 'xoxp-secret-2', SLACK_SIGNING_SECRET: 'x' });
    expect(wrong).toContain('SLACK_BOT_TOKEN=(hidden): must be a bot token (xoxb-...)');
    expect(wrong).not.toContain('secret-2');
    expect(message({ SLACK_BOT_TOKEN: 'xoxb-1' })).toContain(
      'SLACK_APP_TOKEN=(not set): or SLACK_SIGNING_SECRET is needed',
    );
    expect(
      message({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_WATCH: 'some' }),
    ).toContain('SLACK_WATCH="some"');
    expect(
      message({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', PORT: '70000' }),
    ).toContain('PORT="70000"');
    expect(
      message({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'slack.com' }),
    ).toContain('SLACK_API_URL="slack.com": must be an http(s) URL');
  });

  it('reads Discord: token and application id, with the defaults an operator expects', () => {
    const config = loadConfig({
      DISCORD_TOKEN: 't',
      DISCORD_APPLICATION_ID: '1',
      DISCORD_API_URL: 'http://127.0.0.1:9/api/',
    });
    expect(config.discord).toEqual({
      token: 't',
      applicationId: '1',
      apiUrl: 'http://127.0.0.1:9/api',
      watch: 'all',
      port: 3001,
    });
    expect(config.slack).toBeUndefined();
    const full = loadConfig({
      DISCORD_TOKEN: 't',
      DISCORD_APPLICATION_ID: '1',
      DISCORD_PUBLIC_KEY: 'AB'.repeat(32),
      DISCORD_GUILD_ID: '42',
      DISCORD_WATCH: 'mention',
      DISCORD_SHARDS: 'auto',
      DISCORD_PORT: '8080',
    }).discord;
    expect(full).toMatchObject({
      publicKey: 'ab'.repeat(32),
      guildId: '42',
      watch: 'mention',
      shards: 'auto',
      port: 8080,
    });
    expect(
      loadConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1', DISCORD_SHARDS: '2' }).discord
        ?.shards,
    ).toBe(2);
  });

  it('names each bad Discord variable and never echoes the token', () => {
    const message = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (error) {
        return (error as Error).message;
      }
      throw new Error('expected a ConfigError');
    };
    const noApp = message({ DISCORD_TOKEN: 'discord-secret-token' });
    expect(noApp).toContain('DISCORD_APPLICATION_ID="": is needed with DISCORD_TOKEN');
    expect(noApp).not.toContain('discord-secret-token');
    expect(message({ DISCORD_APPLICATION_ID: '1' })).toContain(
      'DISCORD_TOKEN=(not set): is needed',
    );
    const base = { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1' };
    expect(message({ ...base, DISCORD_APPLICATION_ID: 'app' })).toContain(
      'DISCORD_APPLICATION_ID="app": must be a Discord id',
    );
    expect(message({ ...base, DISCORD_PUBLIC_KEY: 'abc' })).toContain(
      "DISCORD_PUBLIC_KEY=(hidden): must be the application's public key",
    );
    expect(message({ ...base, DISCORD_SHARDS: 'many' })).toContain('DISCORD_SHARDS="many"');
    expect(message({ ...base, DISCORD_WATCH: 'some' })).toContain('DISCORD_WATCH="some"');
    expect(message({ ...base, DISCORD_API_URL: 'discord.com' })).toContain(
      'DISCORD_API_URL="discord.com": must be an http(s) URL',
    );
  });

  it('reads SIP_PICTURES: unset keeps the core default, a list or "off" (or empty) chooses', () => {
    expect(loadConfig({}).pictures).toBeUndefined();
    expect(loadConfig({ SIP_PICTURES: 'png,html' }).pictures).toEqual(['png', 'html']);
    expect(loadConfig({ SIP_PICTURES: ' SVG , png,png ' }).pictures).toEqual(['svg', 'png']);
    expect(loadConfig({ SIP_PICTURES: 'html' }).pictures).toEqual(['html']);
    // Empty means none here, unlike the other variables, where empty means unset.
    expect(loadConfig({ SIP_PICTURES: 'off' }).pictures).toEqual([]);
    expect(loadConfig({ SIP_PICTURES: '' }).pictures).toEqual([]);
  });

  it('names SIP_PICTURES and what it accepts on a bad value', () => {
    expect(() => loadConfig({ SIP_PICTURES: 'png,gif' })).toThrow(
      'SIP_PICTURES="png,gif": must be "off" or a comma-separated list of png, svg, html (e.g. png,html), not "gif"',
    );
    expect(() => loadConfig({ SIP_PICTURES: 'off,png' })).toThrow(/"off" stands alone/);
  });
});
