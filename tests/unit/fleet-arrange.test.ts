// The fleet view's URL (filter, sort, grouping) and how its rows are sorted and grouped: pure, so the
// server's first screen and the browser agree.
import assert from "node:assert/strict";
import { test } from "node:test";
import { arrangeFleet, groupRows, sortRows } from "../../server/fleet/arrange-fleet";
import { DEFAULT_SORT, formatGroup, formatSort, parseFleetQuery, parseGroup, parseSort } from "../../server/fleet/fleet-query";
import type { FleetRow } from "../../server/fleet/read-fleet";

function row(name: string, extra: Partial<FleetRow> = {}): FleetRow {
  return {
    name,
    phase: "Running",
    reason: "IterationStarted",
    message: "",
    iteration: 1,
    maxIterations: 10,
    targets: [],
    costUsd: 0,
    runCostUsd: 0,
    maxCostUsd: null,
    heldBy: null,
    lastEventAt: "2026-12-01T00:00:00.000Z",
    labels: {},
    moreLabels: 0,
    repo: "/srv/a",
    executor: "codex",
    ...extra,
  };
}

const names = (rows: FleetRow[]) => rows.map((entry) => entry.name);

test("the URL's filter, sort and grouping are read, mistakes ignored rather than failing the page", () => {
  const query = parseFleetQuery({ q: "calc", label: "team", repo: " /srv/a ", executor: "codex", sort: "-cost", group: "label:team" });
  assert.deepEqual(query.filter, { text: "calc", labels: {}, labelKeys: ["team"], phase: null, repo: "/srv/a", executor: "codex" });
  assert.deepEqual(query.sort, { key: "cost", descending: true });
  assert.deepEqual(query.group, { by: "label", key: "team" });
  assert.deepEqual(parseSort("-nonsense"), DEFAULT_SORT);
  assert.deepEqual(parseSort(""), DEFAULT_SORT);
  assert.equal(parseGroup("label:"), null);
  assert.equal(parseGroup("colour"), null);
  assert.deepEqual(parseFleetQuery({}).filter, { text: "", labels: {}, labelKeys: [], phase: null, repo: null, executor: null });
});

test("sort and grouping round-trip through the URL, the default order leaving no parameter", () => {
  for (const text of ["name", "-age", "targets", "-runner"]) assert.equal(formatSort(parseSort(text)), text);
  assert.equal(formatSort(DEFAULT_SORT), null);
  for (const text of ["repo", "executor", "phase", "label:team"]) assert.equal(formatGroup(parseGroup(text)), text);
  assert.equal(formatGroup(null), null);
});

test("by phase, what needs a person comes first: gates, then failed, stalled, exhausted; newest change first within", () => {
  const rows = [
    row("converged", { phase: "Converged" }),
    row("running", { phase: "Running" }),
    row("stalled", { phase: "Stalled" }),
    row("failed-old", { phase: "Failed", lastEventAt: "2026-11-01T00:00:00.000Z" }),
    row("failed-new", { phase: "Failed", lastEventAt: "2026-12-02T00:00:00.000Z" }),
    row("gate", { phase: "AwaitingApproval" }),
    row("exhausted", { phase: "Exhausted" }),
  ];
  assert.deepEqual(names(sortRows(rows, DEFAULT_SORT)), ["gate", "failed-new", "failed-old", "stalled", "exhausted", "running", "converged"]);
});

test("each column sorts both ways; ties fall back to the name", () => {
  const rows = [
    row("b", { runCostUsd: 2, costUsd: 9, iteration: 3, lastEventAt: "2026-12-01T00:00:02.000Z" }),
    row("a", { runCostUsd: 2, costUsd: 1, iteration: null, lastEventAt: "2026-12-01T00:00:01.000Z" }),
    row("c", { runCostUsd: 5, costUsd: 5, iteration: 7, lastEventAt: "2026-12-01T00:00:03.000Z" }),
  ];
  assert.deepEqual(names(sortRows(rows, { key: "cost", descending: false })), ["a", "b", "c"], "this run's cost, the one against the budget");
  assert.deepEqual(names(sortRows(rows, { key: "cost", descending: true })), ["c", "a", "b"], "ties stay by name");
  assert.deepEqual(names(sortRows(rows, { key: "iteration", descending: true })), ["c", "b", "a"], "no iteration yet sorts lowest");
  assert.deepEqual(names(sortRows(rows, { key: "age", descending: false })), ["c", "b", "a"], "youngest first");
  assert.deepEqual(names(sortRows(rows, { key: "name", descending: true })), ["c", "b", "a"]);
});

test("targets sort by the share met, and goals without a runner stay last whichever way runners sort", () => {
  const met = { metric: "m", target: ">= 1", value: 1, met: true };
  const unmet = { metric: "n", target: ">= 1", value: 0, met: false };
  const rows = [row("all", { targets: [met, { ...met, metric: "o" }] }), row("none", { targets: [unmet] }), row("half", { targets: [met, unmet] })];
  assert.deepEqual(names(sortRows(rows, { key: "targets", descending: false })), ["none", "half", "all"]);
  const held = [row("free"), row("y", { heldBy: "runner-b" }), row("x", { heldBy: "runner-a" })];
  assert.deepEqual(names(sortRows(held, { key: "runner", descending: false })), ["x", "y", "free"]);
  assert.deepEqual(names(sortRows(held, { key: "runner", descending: true })), ["y", "x", "free"]);
});

test("groups by repository, executor, phase or a label, in a stable order with 'none' last, counting phases", () => {
  const rows = [
    row("a1", { repo: "/srv/b", labels: { team: "web" }, phase: "Failed" }),
    row("a2", { repo: "/srv/a", labels: { team: "core" } }),
    row("a3", { repo: "/srv/b", labels: {}, phase: "Failed" }),
    row("a4", { repo: "/srv/a", labels: { team: "core" }, phase: "AwaitingApproval" }),
  ];
  const byRepo = groupRows(rows, { by: "repo" }, { key: "name", descending: false });
  assert.deepEqual(
    byRepo.map((group) => [group.key, names(group.rows)]),
    [
      ["/srv/a", ["a2", "a4"]],
      ["/srv/b", ["a1", "a3"]],
    ],
  );
  assert.deepEqual(byRepo[1].phases, { Failed: 2 });
  const byTeam = groupRows(rows, { by: "label", key: "team" }, { key: "name", descending: false });
  assert.deepEqual(
    byTeam.map((group) => group.label),
    ["core", "web", "no team label"],
  );
  const byPhase = groupRows(rows, { by: "phase" }, DEFAULT_SORT);
  assert.deepEqual(
    byPhase.map((group) => group.key),
    ["AwaitingApproval", "Failed", "Running"],
    "phases in order of need",
  );
});

test("the list shows each group's header and, unless it is folded, its rows", () => {
  const rows = [row("a", { executor: "aider" }), row("b", { executor: "codex" }), row("c", { executor: "aider" })];
  const open = arrangeFleet(rows, { key: "name", descending: false }, { by: "executor" });
  assert.deepEqual(
    open.map((item) => (item.kind === "group" ? `[${item.group.key}]` : item.row.name)),
    ["[aider]", "a", "c", "[codex]", "b"],
  );
  const folded = arrangeFleet(rows, { key: "name", descending: false }, { by: "executor" }, new Set(["aider"]));
  assert.deepEqual(
    folded.map((item) => (item.kind === "group" ? `[${item.group.key}${item.collapsed ? " folded" : ""}]` : item.row.name)),
    ["[aider folded]", "[codex]", "b"],
  );
  assert.deepEqual(
    arrangeFleet(rows, { key: "name", descending: true }, null).map((item) => (item.kind === "row" ? item.row.name : "")),
    ["c", "b", "a"],
  );
});
