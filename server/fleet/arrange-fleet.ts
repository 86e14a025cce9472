// How the fleet view lays its rows out: sorted, and grouped by repository, executor, phase or a label.
// Pure, so the server renders the first rows in the order the browser will keep.
import type { FleetRow } from "./read-fleet";
import type { Group, Sort } from "./fleet-query";

// Phases by how much they need a person: a gate to decide, then what stopped short, then what still runs.
export const ATTENTION_ORDER = ["AwaitingApproval", "Failed", "Stalled", "Exhausted", "Running", "Queued", "Paused", "Converged", "Cancelled"];

export type FleetGroup = { key: string; label: string; rows: FleetRow[]; phases: Record<string, number> };

// What the list shows: a group's header (its rows' count, not the rows: the server sends the first
// screen's items alone) or a row.
export type GroupHeader = { key: string; label: string; count: number; phases: Record<string, number> };
export type FleetItem = { kind: "group"; group: GroupHeader; collapsed: boolean } | { kind: "row"; row: FleetRow };

type Compare = (a: FleetRow, b: FleetRow) => number;

const byName: Compare = (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const newestFirst: Compare = (a, b) => (a.lastEventAt < b.lastEventAt ? 1 : a.lastEventAt > b.lastEventAt ? -1 : 0);

function attentionRank(phase: string): number {
  const rank = ATTENTION_ORDER.indexOf(phase);
  return rank < 0 ? ATTENTION_ORDER.length : rank;
}

// The share of a row's targets its latest measurement meets; a goal without targets has nothing unmet.
export function targetsMet(row: FleetRow): number {
  return row.targets.length === 0 ? 1 : row.targets.filter((target) => target.met).length / row.targets.length;
}

const ORDERS: Record<Sort["key"], Compare> = {
  name: byName,
  phase: (a, b) => attentionRank(a.phase) - attentionRank(b.phase) || newestFirst(a, b),
  reason: (a, b) => a.reason.localeCompare(b.reason),
  iteration: (a, b) => (a.iteration ?? -1) - (b.iteration ?? -1) || (a.maxIterations ?? 0) - (b.maxIterations ?? 0),
  targets: (a, b) => targetsMet(a) - targetsMet(b),
  cost: (a, b) => a.runCostUsd - b.runCostUsd,
  runner: (a, b) => (a.heldBy ?? "").localeCompare(b.heldBy ?? ""),
  // Youngest first: the smallest age is the newest change.
  age: newestFirst,
};

export function sortRows(rows: readonly FleetRow[], sort: Sort): FleetRow[] {
  const order = ORDERS[sort.key];
  const direction = sort.descending ? -1 : 1;
  // Rows without a runner stay below those with one, whichever way the column is sorted.
  const unheldLast: Compare = sort.key === "runner" ? (a, b) => Number(a.heldBy === null) - Number(b.heldBy === null) : () => 0;
  return [...rows].sort((a, b) => unheldLast(a, b) || direction * order(a, b) || byName(a, b));
}

export function groupKey(row: FleetRow, group: NonNullable<Group>): string {
  switch (group.by) {
    case "repo":
      return row.repo;
    case "executor":
      return row.executor;
    case "phase":
      return row.phase;
    case "label":
      return Object.hasOwn(row.labels, group.key) ? row.labels[group.key] : "";
  }
}

// Groups in a stable order (phases by attention, the rest alphabetically, "none" last), rows sorted within.
export function groupRows(rows: readonly FleetRow[], group: NonNullable<Group>, sort: Sort): FleetGroup[] {
  const groups = new Map<string, FleetRow[]>();
  for (const row of sortRows(rows, sort)) {
    const key = groupKey(row, group);
    const members = groups.get(key);
    if (members) members.push(row);
    else groups.set(key, [row]);
  }
  const keys = [...groups.keys()].sort(
    (a, b) => Number(a === "") - Number(b === "") || (group.by === "phase" ? attentionRank(a) - attentionRank(b) : a.localeCompare(b)),
  );
  return keys.map((key) => {
    const members = groups.get(key)!;
    const phases: Record<string, number> = {};
    for (const row of members) phases[row.phase] = (phases[row.phase] ?? 0) + 1;
    return { key, label: key === "" ? noneLabel(group) : key, rows: members, phases };
  });
}

function noneLabel(group: NonNullable<Group>): string {
  return group.by === "label" ? `no ${group.key} label` : `no ${group.by}`;
}

// What the list shows, top to bottom: each group's header, then its rows unless it is collapsed.
export function arrangeFleet(rows: readonly FleetRow[], sort: Sort, group: Group, collapsed: ReadonlySet<string> = new Set()): FleetItem[] {
  if (!group) return sortRows(rows, sort).map((row) => ({ kind: "row", row }));
  return groupRows(rows, group, sort).flatMap(({ rows: members, ...entry }): FleetItem[] => {
    const isCollapsed = collapsed.has(entry.key);
    const header: FleetItem = { kind: "group", group: { ...entry, count: members.length }, collapsed: isCollapsed };
    return isCollapsed ? [header] : [header, ...members.map((row): FleetItem => ({ kind: "row", row }))];
  });
}
