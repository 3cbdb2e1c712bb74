/**
 * The CLI reads its configuration without the schemas when nothing needs
 * checking (src/cli/cli-config.ts); whatever it decides must be what the
 * full check (config.ts, loadCliConfig) decides.
 */
import { describe, expect, it } from 'vitest';
import { plainCliConfig } from '../../src/cli/cli-config.js';
import { loadCliConfig } from '../../src/config.js';

describe('the CLI configuration without the schemas', () => {
  const plainEnvs: Record<string, string | undefined>[] = [
    {},
    { LOG_LEVEL: 'debug' },
    { LOG_LEVEL: 'trace' },
    { LOG_LEVEL: '' },
    { SIP_TRIAGE_FORMAT: 'markdown' },
    { SIP_TRIAGE_FORMAT: '' },
    { NO_COLOR: '1' },
    { NO_COLOR: '' },
    { FORCE_COLOR: '1' },
    { FORCE_COLOR: '0' },
    { NO_COLOR: '1', FORCE_COLOR: '1' },
    // Not the CLI's: ignored by both.
    { SLACK_BOT_TOKEN: 'nonsense', PORT: 'x', KNOWLEDGE_DIR: '' },
  ];

  it('gives what loadCliConfig gives', () => {
    for (const env of plainEnvs) {
      const plain = plainCliConfig(env);
      expect(plain, JSON.stringify(env)).toBeDefined();
      expect(plain, JSON.stringify(env)).toStrictEqual(loadCliConfig(env));
    }
  });

  it('leaves every variable that needs checking to loadCliConfig', () => {
    for (const env of [
      { KNOWLEDGE_DIR: '/no/such/dir' },
      { KNOWLEDGE_DIR: '.' },
      { SIP_MAX_INPUT_BYTES: '1000' },
      { SIP_MAX_MESSAGES: 'many' },
      { SIP_MAX_HEADER_COUNT: '5' },
      { SIP_MAX_HEADER_LENGTH: '5' },
      { SIP_TRIAGE_FORMAT: 'html' },
      { SIP_TRIAGE_FORMAT: ' text' },
    ])
      expect(plainCliConfig(env), JSON.stringify(env)).toBeUndefined();
  });
});
