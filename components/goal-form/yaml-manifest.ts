// The YAML tab's text → one manifest, or each problem with its line. Uses the same reader as
// `setpoint apply`, so the tab and the CLI agree on what is valid and where an error is.
import { LineCounter, parseAllDocuments, parseDocument, type Document } from "yaml";
import { parseGoalDocuments, type SpecError } from "@/server/spec/parse-goal-yaml";
import { positionOfPath } from "@/server/spec/yaml-node-position";
import { normalizeIssuePath, type FormIssue } from "./issue-paths";

export type YamlError = { line: number | null; path: string; message: string };
export type YamlReading = { manifest: unknown; errors: YamlError[] };

export function readYamlManifest(text: string): YamlReading {
  const { goals, errors } = parseGoalDocuments(text, "YAML");
  if (errors.length > 0) return { manifest: null, errors: errors.map(toYamlError) };
  if (goals.length !== 1) {
    return {
      manifest: null,
      errors: [{ line: null, path: "", message: `holds ${goals.length} goals; the form edits one goal at a time (apply several with \`setpoint apply -f\`)` }],
    };
  }
  // The document as written (not the schema's output with defaults filled in), so the form shows what
  // the YAML says and nothing more. Only one non-empty document is left at this point.
  const documents = Array.from(parseAllDocuments(text) as Iterable<Document>);
  const values = documents.map((doc) => doc.toJS({ maxAliasCount: 100 }) as unknown).filter((value) => value !== null && value !== undefined);
  return { manifest: values[0], errors: [] };
}

// Issues found elsewhere (the server) pointed at their line in the YAML the person wrote.
export function yamlErrorsFor(text: string, issues: FormIssue[]): YamlError[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return issues.map((issue) => {
    const segments = normalizeIssuePath(issue.path)
      .split(".")
      .filter(Boolean)
      .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
    const at = doc.errors.length === 0 ? positionOfPath(doc, lineCounter, segments) : null;
    return { line: at?.line ?? null, path: issue.path, message: issue.message };
  });
}

function toYamlError(error: SpecError): YamlError {
  return { line: error.line, path: error.path, message: error.message };
}
