// Where a validation issue belongs in the form. Issues arrive as `spec.metrics[0].target` (our spec
// errors) or `spec.metrics.0.target` (tRPC input errors); both become the dotted form, which is what
// `data-path` shows, and each is placed at the field that edits it (or the nearest one that holds it).
import { catalogLabel, catalogPath, CONTROLS } from "./field-catalog";

export type FormIssue = { path: string; message: string };

export function normalizeIssuePath(path: string): string {
  return path
    .replace(/\[(\d+)\]/g, ".$1")
    .replace(/\["((?:[^"\\]|\\.)*)"\]/g, (_, key: string) => `.${JSON.parse(`"${key}"`) as string}`)
    .replace(/^\./, "");
}

// The form field an issue is shown at: the control the catalog names for its path, or for the nearest
// path holding it; a holder (the workspace, a layer, an agent) is shown at its first control. Null when
// no control holds it (apiVersion, an unknown top-level key): the summary alone shows it.
export function placeIssue(issuePath: string): string | null {
  const segments = normalizeIssuePath(issuePath)
    .split(".")
    .filter((segment) => segment !== "");
  for (let length = segments.length; length > 0; length--) {
    const path = segments.slice(0, length).join(".");
    const at = catalogPath(path);
    if (CONTROLS.includes(at)) return path;
    if (path === "spec") continue;
    const first = CONTROLS.find((control) => control.startsWith(`${at}.`) || control.startsWith(`${at}[].`));
    if (first) {
      const indices = segments.slice(0, length).filter((segment) => /^\d+$/.test(segment));
      return first.replace(/\[\]/g, () => `.${indices.shift() ?? 0}`);
    }
  }
  return null;
}

// The DOM id of the control that edits a field path (the summary's links focus it).
export function fieldId(fieldPath: string): string {
  return `field-${fieldPath.replace(/[^A-Za-z0-9]+/g, "-")}`;
}

export function errorId(fieldPath: string): string {
  return `${fieldId(fieldPath)}-error`;
}

// "Layer 2 · command", "Agent · model": how the error summary names a field.
export function fieldName(fieldPath: string | null, issuePath: string): string {
  if (fieldPath === null) return normalizeIssuePath(issuePath) || "Manifest";
  const label = catalogLabel(fieldPath) ?? fieldPath.split(".").at(-1) ?? fieldPath;
  const layer = /^spec\.evaluation\.layers\.(\d+)\.(agent\.)?/.exec(fieldPath);
  if (layer) return `Layer ${Number(layer[1]) + 1}${layer[2] ? " reviewer" : ""} · ${label}`;
  const row = /^spec\.(metrics|notify)\.(\d+)\./.exec(fieldPath);
  if (row) return `${row[1] === "metrics" ? "Target metric" : "Notification"} ${Number(row[2]) + 1} · ${label}`;
  if (fieldPath.startsWith("spec.agent.")) return `Agent · ${label}`;
  return label;
}

// What is shown at the field: the message, with the part of the path the field does not show
// ("key 'x y'") when the issue is about something inside it.
export function messageAtField(fieldPath: string | null, issue: FormIssue): string {
  const path = normalizeIssuePath(issue.path);
  const message = issue.message;
  if (fieldPath === null || path === fieldPath || !path.startsWith(`${fieldPath}.`)) return message;
  const rest = path.slice(fieldPath.length + 1);
  return /^\d+$/.test(rest) ? `line ${Number(rest) + 1}: ${message}` : `'${rest}': ${message}`;
}
