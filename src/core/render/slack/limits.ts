/** Block Kit limits (docs.slack.dev, Block Kit reference). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  /** Options of one checkboxes element. */
  checkboxOptions: 10,
  /** Text and description of an option (checkboxes, selects). */
  optionText: 75,
  optionValue: 75,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  /** Top-level `text` fallback; Slack truncates past 40,000, we stay far below. */
  fallbackText: 3000,
} as const;
