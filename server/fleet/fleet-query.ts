// The fleet view's URL: the board's filter (q, label, phase) plus repository and executor, read on the
// server; and how the rows are sorted and grouped (sort=-cost, group=label:team), which the browser
// changes in place. A mistake is reported beside its input or ignored, never a failed page.
import { parseBoardQuery, type BoardQuery, type SearchParams } from "../board/board-filter";
import type { GoalFilterSql } from "../board/filter-sql";

export const SORT_KEYS = ["name", "phase", "reason", "iteration", "targets", "cost", "runner", "age"] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type Sort = { key: SortKey; descending: boolean };
// By phase, what needs a person first (arrange-fleet.ts), newest change first within a phase.
export const DEFAULT_SORT: Sort = { key: "phase", descending: false };

// label:KEY groups by that label's value.
export type Group = { by: "repo" | "executor" | "phase" } | { by: "label"; key: string } | null;

export type FleetFilterInput = BoardQuery["input"] & { repo: string; executor: string };

export type FleetQuery = {
  filter: GoalFilterSql;
  input: FleetFilterInput;
  errors: BoardQuery["errors"];
  sort: Sort;
  group: Group;
};

export const FILTER_PARAMS = ["q", "label", "phase", "repo", "executor"] as const;

// What the browser may ask for at once (server/api/routers/fleet.ts): rows of goals that changed (a larger
// burst reloads the view), and sparklines of rows on screen (a tall screen shows about 60).
export const CHANGED_ROWS = 500;
export const SPARKLINE_NAMES = 200;

export function parseFleetQuery(params: SearchParams): FleetQuery {
  const board = parseBoardQuery(params);
  const repo = first(params.repo).trim();
  const executor = first(params.executor).trim();
  return {
    filter: { ...board.filter, repo: repo || null, executor: executor || null },
    input: { ...board.input, repo, executor },
    errors: board.errors,
    sort: parseSort(first(params.sort)),
    group: parseGroup(first(params.group)),
  };
}

// "cost" ascending, "-cost" descending; anything else is the default order.
export function parseSort(text: string): Sort {
  const descending = text.startsWith("-");
  const key = SORT_KEYS.find((candidate) => candidate === (descending ? text.slice(1) : text));
  return key ? { key, descending } : DEFAULT_SORT;
}

export function formatSort(sort: Sort): string | null {
  if (sort.key === DEFAULT_SORT.key && sort.descending === DEFAULT_SORT.descending) return null;
  return `${sort.descending ? "-" : ""}${sort.key}`;
}

export function parseGroup(text: string): Group {
  if (text === "repo" || text === "executor" || text === "phase") return { by: text };
  if (text.startsWith("label:") && text.length > "label:".length) return { by: "label", key: text.slice("label:".length) };
  return null;
}

export function formatGroup(group: Group): string | null {
  if (!group) return null;
  return group.by === "label" ? `label:${group.key}` : group.by;
}

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}
