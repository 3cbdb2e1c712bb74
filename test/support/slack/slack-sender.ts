/**
 * Sends what Slack sends to an app's request URL: slash commands and
 * interactive payloads form-encoded, events as JSON, each signed with the
 * signing secret (or deliberately not, for the rejection tests).
 */
import { httpPost } from '../../../src/adapters/slack/http-post.js';
import { slackSignature } from './fake-slack.js';

export interface Sent {
  status: number;
  body: string;
  /** Milliseconds until the response (the ack) arrived. */
  ms: number;
}

export interface SendOptions {
  /** Sign with this secret instead of the right one. */
  secret?: string;
  /** Unsigned. */
  unsigned?: boolean;
  /** Request timestamp, in seconds (a stale one is rejected). */
  timestamp?: number;
  headers?: Record<string, string>;
}

export class SlackSender {
  private nextEvent = 1;

  constructor(
    private readonly url: string,
    private readonly secret: string,
  ) {}

  async send(body: string, contentType: string, options: SendOptions = {}): Promise<Sent> {
    const signed = options.unsigned
      ? {}
      : slackSignature(options.secret ?? this.secret, body, options.timestamp);
    const started = performance.now();
    // The bot's own keep-alive POST (far less CPU per request than fetch), so
    // the sender disturbs the bot it measures as little as it can.
    const answer = await httpPost(
      this.url,
      { 'content-type': contentType, ...signed, ...options.headers },
      body,
      30_000,
    );
    return { status: answer.status, body: answer.body, ms: performance.now() - started };
  }

  slash(
    text: string,
    where: { user?: string; userName?: string; channel?: string; responseUrl: string },
    options?: SendOptions,
  ): Promise<Sent> {
    const form = new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: 'T1',
      team_domain: 'voip-oncall',
      channel_id: where.channel ?? 'C0INCIDENT',
      channel_name: 'incident',
      user_id: where.user ?? 'U0ALICE',
      user_name: where.userName ?? 'alice',
      command: '/sip',
      text,
      api_app_id: 'A1',
      response_url: where.responseUrl,
      trigger_id: `trigger-${this.nextEvent++}`,
    });
    return this.send(form.toString(), 'application/x-www-form-urlencoded', options);
  }

  /** An Events API callback; returns its event_id with the response, for retries. */
  async event(
    event: Record<string, unknown>,
    options: SendOptions & { eventId?: string } = {},
  ): Promise<Sent & { eventId: string }> {
    const eventId = options.eventId ?? `Ev${String(this.nextEvent++).padStart(8, '0')}`;
    const body = JSON.stringify({
      token: 'legacy-verification-token',
      team_id: 'T1',
      api_app_id: 'A1',
      event,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: 'T1', user_id: 'UBOT', is_bot: true }],
    });
    return { ...(await this.send(body, 'application/json', options)), eventId };
  }

  /** An interactive payload (block_actions, message_action). */
  interactive(payload: Record<string, unknown>, options?: SendOptions): Promise<Sent> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.send(body, 'application/x-www-form-urlencoded', options);
  }
}
