// Reads goal YAML (one or more `---` documents) into manifests validated by the one goal schema,
// and reports every problem as a SpecError that names the file, the line and the field.
import { LineCounter, parseAllDocuments, type Document } from "yaml";
import { goalManifestSchema, type GoalManifest } from "./goal-spec";
import { describeIssue, formatIssuePath, type SpecError } from "./spec-error";
import { findUnsafeValue } from "./unsafe-values";
import { lineTooDeep, MAX_YAML_DEPTH } from "./yaml-depth";
import { positionOfPath, type Position } from "./yaml-node-position";

export { formatSpecError, issuesToSpecErrors, formatIssuePath, type SpecError } from "./spec-error";

export type ParsedGoal = { manifest: GoalManifest; source: string; document: number };
export type ParsedGoals = { goals: ParsedGoal[]; errors: SpecError[] };
export type GoalFile = { text: string; source: string };

export function parseGoalDocuments(text: string, source: string): ParsedGoals {
  return parseGoalFiles([{ text, source }]);
}

// Several files in one apply: a goal name may appear only once across all of them (checked on
// invalid documents too, so one run shows every problem).
export function parseGoalFiles(files: readonly GoalFile[]): ParsedGoals {
  const goals: ParsedGoal[] = [];
  const errors: SpecError[] = [];
  const firstByName = new Map<string, NamedDocument>();
  for (const file of files) {
    const parsed = parseFile(file.text, file.source);
    errors.push(...parsed.errors);
    for (const named of parsed.documents) {
      const first = named.name === null ? undefined : firstByName.get(named.name);
      if (named.name !== null && !first) firstByName.set(named.name, named);
      if (!first) {
        if (named.goal) goals.push(named.goal);
        continue;
      }
      const where = first.source === named.source ? `document ${first.document}` : `document ${first.document} of ${first.source}`;
      errors.push({
        source: named.source,
        document: named.document,
        line: named.namePosition?.line ?? null,
        column: named.namePosition?.column ?? null,
        path: "metadata.name",
        message: `'${named.name}' is also the name of ${where}; each goal in one apply needs its own name`,
      });
    }
  }
  return { goals, errors: sortByPlace(errors, files) };
}

// Errors read top to bottom: by file in the order given, then by document and line.
function sortByPlace(errors: SpecError[], files: readonly GoalFile[]): SpecError[] {
  const fileIndex = new Map(files.map((file, index) => [file.source, index] as const));
  return errors
    .map((error, index) => ({ error, index }))
    .sort(
      (a, b) =>
        (fileIndex.get(a.error.source) ?? 0) - (fileIndex.get(b.error.source) ?? 0) ||
        a.error.document - b.error.document ||
        (a.error.line ?? 0) - (b.error.line ?? 0) ||
        a.index - b.index,
    )
    .map(({ error }) => error);
}

type NamedDocument = { source: string; document: number; name: string | null; namePosition: Position | null; goal: ParsedGoal | null };
type FileResult = { documents: NamedDocument[]; errors: SpecError[] };

function parseFile(text: string, source: string): FileResult {
  const lineCounter = new LineCounter();
  const result: FileResult = { documents: [], errors: [] };
  let documents: Document[];
  const deep = lineTooDeep(text);
  if (deep !== null) {
    result.errors.push({
      source,
      document: 1,
      line: deep,
      column: null,
      path: "",
      message: `nests deeper than ${MAX_YAML_DEPTH} levels; a goal needs far fewer`,
    });
    return result;
  }
  try {
    documents = Array.from(parseAllDocuments(text, { lineCounter }) as Iterable<Document>);
  } catch (error) {
    // The yaml package reports problems on the documents; a throw here is unexpected, but it is still the file's fault.
    result.errors.push({ source, document: 1, line: null, column: null, path: "", message: `is not readable YAML: ${messageOf(error)}` });
    return result;
  }
  let nonEmpty = 0;
  documents.forEach((doc, index) => {
    const document = index + 1;
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const at = error.linePos?.[0];
        result.errors.push({ source, document, line: at?.line ?? null, column: at?.col ?? null, path: "", message: yamlMessage(error.message) });
      }
      nonEmpty++;
      return;
    }
    if (isEmptyDocument(doc)) return;
    nonEmpty++;
    const checked = validateDocument(doc, lineCounter, source, document);
    result.errors.push(...checked.errors);
    result.documents.push(checked.named);
  });
  if (nonEmpty === 0) {
    result.errors.push({ source, document: 1, line: null, column: null, path: "", message: "holds no YAML documents; expected at least one Goal" });
  }
  return result;
}

function validateDocument(doc: Document, lineCounter: LineCounter, source: string, document: number): { errors: SpecError[]; named: NamedDocument } {
  const named: NamedDocument = { source, document, name: null, namePosition: null, goal: null };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const at = positionOfPath(doc, lineCounter, []);
    return {
      named,
      errors: [{ source, document, line: at?.line ?? null, column: at?.column ?? null, path: "", message: `cannot be read: ${messageOf(error)}` }],
    };
  }
  named.name = nameOf(value);
  named.namePosition = named.name === null ? null : positionOfPath(doc, lineCounter, ["metadata", "name"]);
  const unsafe = findUnsafeValue(value);
  if (unsafe) {
    const at = positionOfPath(doc, lineCounter, unsafe.path, true);
    return {
      named,
      errors: [{ source, document, line: at?.line ?? null, column: at?.column ?? null, path: formatIssuePath(unsafe.path), message: unsafe.message }],
    };
  }
  const parsed = goalManifestSchema.safeParse(value);
  if (parsed.success) return { named: { ...named, goal: { manifest: parsed.data, source, document } }, errors: [] };
  const errors: SpecError[] = [];
  for (const issue of parsed.error.issues) {
    const unknownKeys = Array.isArray((issue as { keys?: unknown }).keys);
    for (const { path, message } of describeIssue(issue, value)) {
      const at = positionOfPath(doc, lineCounter, path, unknownKeys);
      errors.push({ source, document, line: at?.line ?? null, column: at?.column ?? null, path: formatIssuePath(path), message });
    }
  }
  return { named, errors };
}

function nameOf(value: unknown): string | null {
  const metadata = value && typeof value === "object" ? (value as { metadata?: unknown }).metadata : undefined;
  const name = metadata && typeof metadata === "object" ? (metadata as { name?: unknown }).name : undefined;
  return typeof name === "string" && name !== "" ? name : null;
}

// A document holding nothing but comments (or a bare `---`) is skipped, as kubectl does.
function isEmptyDocument(doc: Document): boolean {
  const contents = doc.contents as { value?: unknown; items?: unknown } | null;
  return contents === null || (contents !== undefined && "value" in contents && contents.value === null && !("items" in contents));
}

// The yaml package appends " at line L, column C:" and a code excerpt; the line is reported separately.
function yamlMessage(message: string): string {
  const firstLine = message.split("\n")[0];
  return firstLine.replace(/ at line \d+, column \d+:?\s*$/, "");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
