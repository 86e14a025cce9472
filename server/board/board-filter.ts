// The board's filter as it travels in the URL (?q=calc&label=team=core,env&phase=Running), parsed for the
// reads; the fleet view reads the same. A malformed part is reported beside its input and left out of the
// filter, never a failed page.
import { PHASES, type Phase } from "../loop/types";
import { COLUMN_KEYS, type ColumnKey } from "./board-columns";
import { decodeCursor, type BoardCursor } from "./board-cursor";

// labels: key=value pairs a goal must carry; labelKeys: keys written alone, which it must carry with any value.
export type BoardFilter = { text: string; labels: Record<string, string>; labelKeys: string[]; phase: Phase | null };

export type BoardQuery = {
  filter: BoardFilter;
  input: { q: string; label: string; phase: string }; // what the person typed, to show back in the form
  errors: { label?: string; phase?: string };
  cursors: Partial<Record<ColumnKey, BoardCursor>>; // per column: show cards down to this one, then a page more
};

export type SearchParams = Record<string, string | string[] | undefined>;

export const CURSOR_PARAM = (column: ColumnKey) => `more_${column}`;

export function parseBoardQuery(params: SearchParams): BoardQuery {
  const q = first(params.q).trim();
  const label = first(params.label).trim();
  const phase = first(params.phase).trim();
  const errors: BoardQuery["errors"] = {};
  const labels = parseLabels(label);
  if (labels === null) errors.label = "Write labels as key=value or a key alone (any value), several separated by commas (e.g. team=core,env).";
  const knownPhase = PHASES.find((name) => name.toLowerCase() === phase.toLowerCase()) ?? null;
  if (phase && !knownPhase) errors.phase = `'${phase}' is not a phase; pick one of ${PHASES.join(", ")}.`;
  const cursors: BoardQuery["cursors"] = {};
  for (const column of COLUMN_KEYS) {
    const cursor = decodeCursor(first(params[CURSOR_PARAM(column)]));
    if (cursor) cursors[column] = cursor;
  }
  const filter = { text: q, labels: labels?.values ?? {}, labelKeys: labels?.keys ?? [], phase: knownPhase };
  return { filter, input: { q, label, phase: knownPhase ?? phase }, errors, cursors };
}

export function isFiltered(filter: BoardFilter): boolean {
  return filter.text !== "" || filter.phase !== null || Object.keys(filter.labels).length > 0 || filter.labelKeys.length > 0;
}

// "team=core, env" -> values { team: "core" }, keys ["env"] (any value, as kubectl's `-l env`); null when a
// part has no key ("=core").
export function parseLabels(text: string): { values: Record<string, string>; keys: string[] } | null {
  const values: Record<string, string> = {};
  const keys: string[] = [];
  for (const part of text
    .split(",")
    .map((piece) => piece.trim())
    .filter(Boolean)) {
    const at = part.indexOf("=");
    if (at === 0) return null;
    if (at < 0) keys.push(part);
    else values[part.slice(0, at).trim()] = part.slice(at + 1).trim();
  }
  return { values, keys };
}

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}
