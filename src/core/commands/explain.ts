/** `/sip <query>`: a code, a class, a Q.850 cause, a vendor cause name, a warn-code or words. It takes any text. */
import { single } from '../app/reply.js';
import { defineCommand } from './command.js';

export const explain = defineCommand<string>({
  name: 'explain',
  parse: (text) => text.replace(/^explain\s+/i, ''),
  run: async (query, { explained }) => single(explained.explain(query)),
});
