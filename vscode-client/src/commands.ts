// Arguments of the server's AI commands, built from a diagnostic under the cursor. Pure, so tested
// without VS Code.

export const EXPLAIN_COMMAND = "infragenius.ai.explain";
export const FIX_COMMAND = "infragenius.ai.fix";

export interface DiagnosticLike {
  source?: string;
  code?: string | number | { value: string | number };
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface FindingArgs {
  uri: string;
  version: number;
  code: string;
  line: number;
  column: number;
}

function codeOf(diagnostic: DiagnosticLike): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === "object" ? String(code.value) : String(code);
}

function contains(d: DiagnosticLike, line: number, character: number): boolean {
  const { start, end } = d.range;
  const afterStart = line > start.line || (line === start.line && character >= start.character);
  const beforeEnd = line < end.line || (line === end.line && character <= end.character);
  return afterStart && beforeEnd;
}

/** Our diagnostic at the cursor (or on its line), as the server command's argument. */
export function findingAt(
  uri: string,
  version: number,
  diagnostics: readonly DiagnosticLike[],
  line: number,
  character: number,
): FindingArgs | undefined {
  const ours = diagnostics.filter((d) => d.source === "infragenius" && codeOf(d) !== undefined);
  const chosen = ours.find((d) => contains(d, line, character)) ?? ours.find((d) => d.range.start.line === line);
  if (!chosen) return undefined;
  return { uri, version, code: codeOf(chosen)!, line: chosen.range.start.line, column: chosen.range.start.character };
}
