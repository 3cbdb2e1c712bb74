/**
 * Collects the problems of one message: bounded in number (a hostile message
 * cannot produce an unbounded list), and the response code is kept only for
 * requests, since nobody answers a response.
 */
import type { SyntaxIssue } from './syntax-issue.js';
import type { Problem, Severity } from './types.js';

/** Most problems kept for one message; one more says that the rest were left out. */
export const MAX_PROBLEMS = 64;

export class ProblemCollector {
  problems: Problem[] = [];
  /** Set once the start line says the message is a request. */
  request = false;
  /** Problems left out once the list was full. */
  dropped = 0;

  /** Starts over for the next message (a parse state's collector serves each of its messages in turn). */
  reset(): void {
    this.problems = [];
    this.request = false;
    this.dropped = 0;
  }

  /** Takes up a collection left unfinished (its problems so far, request flag and count left out). */
  resume(problems: Problem[], request: boolean, dropped: number): void {
    this.problems = problems;
    this.request = request;
    this.dropped = dropped;
  }

  add(severity: Severity, id: string, message: string, line?: number, response?: number): void {
    if (this.problems.length >= MAX_PROBLEMS) {
      this.dropped++;
      return;
    }
    const problem: Problem = { severity, id, message };
    if (line !== undefined) problem.line = line;
    if (response !== undefined && this.request) problem.response = response;
    this.problems.push(problem);
  }

  /**
   * Turns value-parser issues into problems "<prefix>.<code>"; an unterminated
   * quote is "header.unterminated-quote" whatever the header. Errors in a
   * request are answered 400.
   */
  addIssues(issues: readonly SyntaxIssue[], prefix: string, line: number, label: string): void {
    for (const issue of issues) {
      const id =
        issue.code === 'unterminated-quote'
          ? 'header.unterminated-quote'
          : `${prefix}.${issue.code}`;
      const severity = issue.severity ?? 'error';
      this.add(
        severity,
        id,
        `${label}: ${issue.message}`,
        line,
        severity === 'error' ? 400 : undefined,
      );
    }
  }

  /** The problems, with a closing note when some were left out. */
  finish(): Problem[] {
    if (this.dropped > 0) {
      this.problems.push({
        severity: 'note',
        id: 'limits.problem-count',
        message: `${this.dropped} more problems were found and left out; the first ${MAX_PROBLEMS} are listed.`,
      });
    }
    return this.problems;
  }
}
