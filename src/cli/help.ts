/** What `sip-triage --help` and `--version` print: nothing here loads the core. */
import { readFileSync } from 'node:fs';

export const HELP = `sip-triage: explains SIP response codes, Q.850 causes and Warning codes, and diagnoses SIP traces.

Usage:
  sip-triage explain <query> [--json] [--format text|markdown|json|slack|discord]
  sip-triage list [--class 4xx] [--json]
  sip-triage parse <file|-> [--json] [--show-secrets]
                                     every SIP message in a paste, log, .pcap or .pcapng
  sip-triage diagnose <file|-> [--format text|markdown|json|slack|discord|mermaid|svg|png|html]
                    [-o file] [--hide-numbers] [--hide-addresses]
                                     what failed, sent by whom, why (with the lines that prove it), a ladder;
                                     svg and png draw the ladder, html is a report to open in a browser
  sip-triage console                 the interactive console (what npm start runs without chat credentials)
  sip-triage --help | --version

Queries: 403, 4xx, busy, "too many hops", "q850 34", USER_BUSY, AST_CAUSE_CONGESTION, "warning 399".
Exit codes: 0 found, 1 nothing found, 2 usage error, invalid configuration or unreadable file,
            3 knowledge base invalid.
Configuration: environment variables, or the ones it knows (KNOWLEDGE_DIR, SIP_TRIAGE_FORMAT, SIP_MAX_*,
  LOG_LEVEL, NO_COLOR, FORCE_COLOR) from a .env in the current directory; others are ignored.
`;

/** The package's version, from its package.json. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}

/**
 * The exit code of the commands answered without the core (help, version),
 * after writing their answer; undefined for every other command.
 */
export function answerWithoutCore(
  argv: readonly string[],
  io: { stdout: (text: string) => void; stderr: (text: string) => void },
): number | undefined {
  const [command] = argv;
  if (command === undefined) {
    io.stderr(HELP);
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${version()}\n`);
    return 0;
  }
  return undefined;
}
