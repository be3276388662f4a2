/** One thing wrong with a catalog file, pointing at the line a person should edit. */
export interface Problem {
  file: string;
  line: number;
  message: string;
}

/** Formats problems the way compilers do, so editors and terminals can jump to them. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n');
}

/** Thrown when the catalog cannot be loaded; carries every problem found, not just the first. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
  readonly code = 'E_CATALOG_INVALID';
  constructor(readonly problems: readonly Problem[]) {
    super(
      `The catalog has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${formatProblems(problems)}`,
    );
  }
}
