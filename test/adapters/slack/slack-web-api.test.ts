/** The Web API client the answers go out through, against the fake Slack. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackApiError, SlackWebApi } from '../../../src/adapters/slack/slack-web-api.js';
import { BOT_TOKEN, FakeSlack } from '../../support/slack/fake-slack.js';

let fake: FakeSlack;
beforeAll(async () => {
  fake = new FakeSlack();
  await fake.start();
});
afterAll(async () => {
  await fake?.stop();
});

describe('SlackWebApi', () => {
  it('waits out a 429 as Retry-After says, then posts', async () => {
    const api = new SlackWebApi({ botToken: BOT_TOKEN, apiUrl: fake.apiUrl, retries: 2 });
    fake.rateLimitNext('chat.postMessage');
    const started = performance.now();
    const posted = await api.post({ channel: 'C1', text: 'hello', blocks: [] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.called('chat.postMessage')).toHaveLength(2);
    expect(fake.byTs(posted.ts ?? '')?.text).toBe('hello');
  });

  it("throws Slack's error code, and gives up on a 429 when out of retries", async () => {
    const api = new SlackWebApi({ botToken: BOT_TOKEN, apiUrl: fake.apiUrl, retries: 0 });
    fake.failNext('chat.update', 'message_not_found');
    await expect(
      api.update({ channel: 'C1', ts: '1.1', text: 'x', blocks: [] }),
    ).rejects.toMatchObject({
      data: { error: 'message_not_found' },
    });
    fake.rateLimitNext('chat.postMessage');
    const limited = api.post({ channel: 'C1', text: 'x', blocks: [] });
    await expect(limited).rejects.toBeInstanceOf(SlackApiError);
    await expect(limited).rejects.toMatchObject({ data: { error: 'ratelimited' } });
  });

  it('uploads files and shares them together in a thread, with titles and alt text', async () => {
    const api = new SlackWebApi({ botToken: BOT_TOKEN, apiUrl: fake.apiUrl });
    await api.upload({
      channel: 'C1',
      thread_ts: '5.000001',
      files: [
        { filename: 'd.json', title: 'd.json', content: '{"a":1}' },
        {
          filename: 'p.png',
          title: 'Call flow',
          content: new Uint8Array([137, 80, 78, 71]),
          altText: 'Call flow',
        },
      ],
    });
    const [json, png] = fake.uploads.slice(-2);
    expect(json).toMatchObject({ channel: 'C1', thread_ts: '5.000001', filename: 'd.json' });
    expect(json?.content.toString()).toBe('{"a":1}');
    expect(png).toMatchObject({ filename: 'p.png', title: 'Call flow', altText: 'Call flow' });
    expect([...(png?.content ?? [])]).toEqual([137, 80, 78, 71]);
    // One files.completeUploadExternal: one message with both files.
    expect(json?.share).toBe(png?.share);
    expect(fake.called('files.completeUploadExternal')).toHaveLength(1);
  });

  it('throws when the bytes do not reach Slack, and shares nothing', async () => {
    const api = new SlackWebApi({ botToken: BOT_TOKEN, apiUrl: fake.apiUrl, retries: 0 });
    const shares = fake.called('files.completeUploadExternal').length;
    fake.failUploadNext(500);
    await expect(
      api.upload({ channel: 'C1', files: [{ filename: 'x.txt', title: 'x', content: 'x' }] }),
    ).rejects.toMatchObject({ data: { error: 'http_500' } });
    expect(fake.called('files.completeUploadExternal')).toHaveLength(shares);
  });
});
