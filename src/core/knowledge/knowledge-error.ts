/** Validation problems found while loading knowledge/, each naming its file and field. */

export interface KnowledgeProblem {
  file: string;
  field: string;
  message: string;
}

export class KnowledgeValidationError extends Error {
  readonly code = 'KNOWLEDGE_INVALID';
  constructor(readonly problems: KnowledgeProblem[]) {
    super(
      `The knowledge base has ${problems.length} problem${problems.length === 1 ? '' : 's'}; fix the files named below (npm run knowledge:check lists them):\n${problems
        .map(formatProblem)
        .join('\n')}`,
    );
    this.name = 'KnowledgeValidationError';
  }
}

export function formatProblem(problem: KnowledgeProblem): string {
  return `  ${problem.file}: ${problem.field ? `${problem.field}: ` : ''}${problem.message}`;
}
