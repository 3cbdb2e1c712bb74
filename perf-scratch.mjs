import { readFileSync, readdirSync } from 'node:fs';
const { extractMessages } = await import('/work/main/src/core/sip/extract/extract-messages.ts');
const dir = '/work/main/test/fixtures/pastes/';
const names = readdirSync(dir).filter((n) => !n.startsWith('.') && n !== 'expected.json' && n !== 'homer.json');
function build(list) { const parts = []; let size = 0; while (size < 5 * 1024 * 1024) for (const n of list) { const t = readFileSync(dir + n, 'utf8'); parts.push(t); size += t.length; } return parts.join('\n'); }
for (const list of [names, ['raw.txt'], ['syslog.log'], ['tshark-V.txt'], ['ngrep.txt'], ['docker-json.log'], ['asterisk-pjsip.log']]) {
  const text = build(list);
  for (let i = 0; i < 5; i++) extractMessages(text);
  const xs = [];
  for (let i = 0; i < 15; i++) { const t0 = performance.now(); extractMessages(text); xs.push(performance.now() - t0); }
  xs.sort((a, b) => a - b);
  console.log(list.length > 1 ? 'mixed' : list[0], (text.length / 1048576).toFixed(1) + 'MB', 'min', xs[0].toFixed(1), 'median', xs[7].toFixed(1));
}
