// The fleet view: every goal as one dense row (phase, reason, iteration, targets, trend, cost, runner,
// age), filtered by the URL on the server, sorted and grouped in the browser, live. The page carries its
// first screen only (a megabyte of rows would hold back the first paint); the browser reads the rest.
import type { Metadata } from "next";
import { NoGoals } from "@/components/board/board-empty";
import { BoardFilters } from "@/components/board/board-filters";
import { FleetExtraFilters } from "@/components/fleet/fleet-extra-filters";
import { FleetView } from "@/components/fleet/fleet-view";
import { isFiltered, type SearchParams } from "@/server/board/board-filter";
import { db } from "@/server/db/client";
import { arrangeFleet } from "@/server/fleet/arrange-fleet";
import { parseFleetQuery } from "@/server/fleet/fleet-query";
import { readFleet } from "@/server/fleet/read-fleet";
import { readFleetChoices } from "@/server/fleet/read-fleet-choices";
import { readFleetSparklines } from "@/server/fleet/read-fleet-sparklines";
import { readSummary } from "@/server/fleet/read-summary";
import { PHASES } from "@/server/loop/types";
import { requireCaller } from "@/server/web/require-caller";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Fleet" };

// Items that come with the page, and their rows' sparklines: a tall first screen's worth, in the order
// they will show.
const FIRST_SCREEN = 60;

export default async function FleetPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireCaller();
  const query = parseFleetQuery(await searchParams);
  const now = new Date();
  const groupLabel = query.group?.by === "label" ? query.group.key : null;
  const [fleet, summary, choices] = await Promise.all([readFleet(db(), query.filter, { groupLabel, now }), readSummary(db(), now), readFleetChoices(db())]);
  const items = arrangeFleet(fleet.rows, query.sort, query.group);
  const firstScreen = items.slice(0, FIRST_SCREEN);
  const first = firstScreen.flatMap((item) => (item.kind === "row" ? [item.row] : []));
  const lines = await readFleetSparklines(
    db(),
    first.map((row) => row.name),
  );
  const sparklines = Object.fromEntries(first.map((row) => [row.name, { at: row.lastEventAt, values: lines[row.name] ?? [] }]));
  const filtered = isFiltered(query.filter) || Object.values(query.input).some((value) => value !== "");
  return (
    <>
      <div className="mb-5 flex flex-wrap items-start justify-between gap-x-6 gap-y-3">
        <div className="pt-3">
          <h1 className="text-xl font-semibold tracking-tight">Fleet</h1>
          <p className="muted mt-0.5 text-sm">Every goal in one row; sort by a column, group by what they share.</p>
        </div>
        {summary.total > 0 && (
          <BoardFilters input={query.input} errors={query.errors} phases={PHASES} filtered={filtered} path="/fleet" keep={["sort", "group"]}>
            <FleetExtraFilters input={query.input} choices={choices} />
          </BoardFilters>
        )}
      </div>
      {summary.total === 0 ? (
        <NoGoals />
      ) : (
        <FleetView
          firstScreen={firstScreen}
          itemCount={items.length}
          matching={fleet.matching}
          limit={fleet.limit}
          summary={summary}
          sparklines={sparklines}
          sort={query.sort}
          group={query.group}
          labelKeys={choices.labelKeys}
          now={now.getTime()}
          filter={{ q: query.input.q, label: query.input.label, phase: query.input.phase, repo: query.input.repo, executor: query.input.executor }}
        />
      )}
    </>
  );
}
