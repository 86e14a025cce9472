// The fleet table's columns, shared by its header and its rows so they line up: what each shows, the
// sort it offers, and its share of the width. Below WIDE_QUERY a row folds into two lines instead.
import type { SortKey } from "@/server/fleet/fleet-query";

export type FleetColumn = { key: string; title: string; sort: SortKey | null; hint: string; align?: "right" };

export const FLEET_COLUMNS: FleetColumn[] = [
  { key: "goal", title: "Goal", sort: "name", hint: "Name and labels" },
  { key: "status", title: "Phase", sort: "phase", hint: "Phase, reason and message; sorted by what needs a person first" },
  { key: "iteration", title: "Iteration", sort: "iteration", hint: "Iterations in this run / stop.maxIterations", align: "right" },
  { key: "targets", title: "Targets", sort: "targets", hint: "The latest measurement against each target; sorted by the share met" },
  { key: "trend", title: "Trend", sort: null, hint: "Distance to target over the last 20 measured iterations: the bottom line is every target met" },
  { key: "cost", title: "Cost", sort: "cost", hint: "Spent on the goal so far, and this run's stop.maxCostUsd", align: "right" },
  { key: "runner", title: "Runner", sort: "runner", hint: "The runner holding the goal now" },
  { key: "age", title: "Age", sort: "age", hint: "Since the last change", align: "right" },
];

export const GRID_TEMPLATE = "minmax(200px,2fr) minmax(190px,2.2fr) 76px minmax(190px,2fr) 104px 112px minmax(96px,1fr) 64px";

// Every row is this tall, both layouts alike, so the list knows each row's place without measuring it.
export const ROW_HEIGHT = 44;
export const WIDE_QUERY = "(min-width: 1100px)";
