// Board URLs: the filter plus any column cursors, so a filtered, expanded board can be shared or reloaded.
export type BoardParams = Record<string, string | undefined>;

export function boardHref(params: BoardParams, changes: BoardParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...params, ...changes })) {
    if (value) search.set(key, value);
  }
  const text = search.toString();
  return text ? `/?${text}` : "/";
}

// The filter alone: a new filter starts every column from the top, so page cursors are dropped.
export function filterOnly(params: BoardParams): BoardParams {
  return { q: params.q, label: params.label, phase: params.phase };
}
