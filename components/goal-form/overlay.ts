// The form writes over the manifest it was loaded from, never instead of it. `pristine` is what the
// form's fields say about `source` as loaded, `edited` what they say now: only where the two differ
// does the form's value replace the loaded one, so a key the form does not own (a field added to the
// schema later, an annotation) or one the person did not touch (a default written out) is kept as is.
type Json = Record<string, unknown>;

export function overlay(source: unknown, pristine: unknown, edited: unknown): unknown {
  if (sameJson(pristine, edited)) return source === undefined ? edited : source;
  // Cleared in the form: the key goes, and the schema's default applies.
  if (edited === undefined) return undefined;
  if (!isObject(edited) || !(source === undefined || isObject(source))) return edited;
  const before = isObject(pristine) ? pristine : {};
  const merged: Json = { ...source };
  for (const key of new Set([...Object.keys(before), ...Object.keys(edited)])) {
    const value = overlay(source?.[key], before[key], edited[key]);
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

// A list row (a metric, a layer, a notification) keeps the element it was read from, and is written
// over that element the same way; a row added in the form has none.
export function overlayRow<Row extends { source?: unknown }>(row: Row, draft: (row: Row) => unknown, read: (source: unknown) => Row): unknown {
  return overlay(row.source, row.source === undefined ? undefined : draft(read(row.source)), draft(row));
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// JSON equality that ignores key order (a stored spec comes back from Postgres in its own order).
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a).filter((key) => a[key] !== undefined);
  return keys.length === Object.keys(b).filter((key) => b[key] !== undefined).length && keys.every((key) => sameJson(a[key], b[key]));
}
