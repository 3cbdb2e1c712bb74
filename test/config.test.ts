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
});
