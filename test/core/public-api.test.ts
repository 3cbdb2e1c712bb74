/** The package's main export keeps what the README promises callers. */
import { describe, expect, it } from 'vitest';
import { explain, renderText } from '../../src/core/index.js';
import { realKnowledge } from '../helpers/knowledge.js';

describe('the public API', () => {
  it('explains from the packaged knowledge base when no knowledge base is given', () => {
    const card = explain('403');
    expect(card.data.code).toBe(403);
    expect(renderText(card)).toMatch(/^403 Forbidden/);
  });

  it('explains from the knowledge base it is given', () => {
    expect(explain('486', realKnowledge()).data.code).toBe(486);
  });
});
