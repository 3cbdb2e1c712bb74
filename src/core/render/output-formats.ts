/** The output formats a card renders to, apart from the renderers so naming them loads none. */
export const OUTPUT_FORMATS = ['text', 'markdown', 'json', 'slack', 'discord'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
