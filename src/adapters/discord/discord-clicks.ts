/**
 * What a click on one of the bot's components asks the core to do. A
 * button names its action (`st:<action>:<value>`); a checklist select
 * sends only its new selection, so the ticks and unticks are the
 * difference between that and the selection the message showed (each
 * option's `default`), which keeps a second person's tick made meanwhile.
 */
import type { CardActionId } from '../../core/card.js';

/** What a click asks for: one action, or for a checklist select, the ticks and unticks it makes. */
export function clickedActions(
  action: string,
  value: string,
  values: string[] | undefined,
  shown: { value: string; ticked: boolean }[],
): { id: CardActionId; value: string }[] {
  if (action === 'select' && values !== undefined) {
    // The select showed these items, ticked as drawn; the new selection says what this person changed.
    const chosen = new Set(values);
    return shown
      .filter((item) => item.ticked !== chosen.has(item.value))
      .map((item) => ({ id: item.ticked ? 'untick' : 'tick', value: item.value }));
  }
  const known: readonly string[] = ['post-checklist', 'show-more', 'full-json', 'tick', 'untick'];
  return known.includes(action) ? [{ id: action as CardActionId, value }] : [];
}

/** The options of the select `customId` on the clicked message, as drawn (`default` = ticked). */
export function selectOptions(
  rows: unknown[],
  customId: string,
): { value: string; ticked: boolean }[] {
  for (const row of rows) {
    const components = (row as { components?: unknown }).components;
    if (!Array.isArray(components)) continue;
    for (const component of components) {
      const c = component as { custom_id?: unknown; options?: unknown };
      if (c.custom_id !== customId || !Array.isArray(c.options)) continue;
      return c.options
        .map((o) => o as { value?: unknown; default?: unknown })
        .filter((o): o is { value: string; default?: unknown } => typeof o.value === 'string')
        .map((o) => ({ value: o.value, ticked: o.default === true }));
    }
  }
  return [];
}
