/**
 * The Slack load bench says what the bot logged when a row fails (a card
 * that never came): the bot's warn and error lines, as the real logger
 * writes them, picked out of its standard error.
 */
import { describe, expect, it } from 'vitest';
import { warningsOf } from '../../bench/slack/load.js';
import { createLogger } from '../../src/logger.js';

describe('warningsOf (the Slack bench on a failed row)', () => {
  it("picks the bot's warn and error lines, the last ones, out of its log", () => {
    let log = '';
    const logger = createLogger('info', (line) => {
      log += line;
    });
    logger.info('slack adapter started', { port: 3000 });
    for (let i = 0; i < 25; i++) {
      logger.info('card posted', { channel: `CP${i}` });
      logger.warn('chat.postMessage failed, retrying', { channel: `CP${i}`, attempt: 1 });
    }
    logger.error('chat.postMessage gave up', { channel: 'CP24' });
    const lines = warningsOf(log);
    expect(lines).toHaveLength(20);
    expect(lines.every((l) => /"level":"(warn|error)"/.test(l))).toBe(true);
    // The last ones: the error, and the warnings just before it.
    expect(JSON.parse(lines.at(-1) as string)).toMatchObject({ level: 'error', channel: 'CP24' });
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 'warn', channel: 'CP6' });
    expect(warningsOf(log, 3)).toHaveLength(3);
  });

  it('finds none in a log with only info lines', () => {
    expect(warningsOf('{"level":"info","message":"slack adapter started"}\n')).toEqual([]);
  });
});
