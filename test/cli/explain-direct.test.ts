/**
 * `sip-triage explain` answers through handle() with the explain command
 * loaded alone (the registry loads commands on first use): its output must
 * be what an app with every command loaded answers, for every way of
 * writing a query.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/core/app/handle.js';
import { renderJson } from '../../src/core/render/json.js';
import { renderText } from '../../src/core/render/text.js';
import { realKnowledge } from '../helpers/knowledge.js';
import { runCaptured } from '../helpers/run-cli.js';

describe('sip-triage explain answers as the app does', () => {
  const queries = [
    '403',
    'sip 403',
    '/sip-triage busy',
    'sip',
    'explain',
    'explain 486',
    'q850 34',
    'too many hops',
    'xyzzy plugh',
  ];

  it('gives the card handle() gives, as text (and as JSON)', async () => {
    const app = createApp({ kb: realKnowledge() });
    for (const query of queries) {
      const reply = await app.handle({
        type: 'command',
        command: 'explain',
        text: query,
        attachments: [],
        origin: { platform: 'cli', user: { id: 'local' }, conversation: 'cli' },
        policy: {},
      });
      const card = reply.messages[0]?.card;
      if (card === undefined) throw new Error(`no card for ${query}`);
      const text = await runCaptured(['explain', query]);
      expect(text.out, query).toBe(renderText(card, { color: false }));
      expect(text.code, query).toBe(card.kind === 'not-found' ? 1 : 0);
      // Each run loads the knowledge base again (no snapshot under src/): JSON for two only.
      if (query === 'sip 403' || query === 'xyzzy plugh') {
        const json = await runCaptured(['explain', query, '--json']);
        expect(json.out, query).toBe(renderJson(card));
      }
    }
  });
});
