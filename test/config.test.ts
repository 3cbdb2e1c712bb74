import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has working defaults with an empty environment', () => {
    expect(loadConfig({})).toEqual({
      knowledgeDir: undefined,
      logLevel: 'info',
      consoleFormat: 'text',
      color: undefined,
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
    });
    expect(loadConfig({ FORCE_COLOR: '1' }).color).toBe(true);
    expect(loadConfig({ FORCE_COLOR: '0' }).color).toBe(false);
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
});
