// The Board: every goal as a card in a column per phase, filtered by the URL, updated live.
import type { Metadata } from "next";
import { BoardColumn } from "@/components/board/board-column";
import { NoGoals, NoMatch } from "@/components/board/board-empty";
import { BoardFilters } from "@/components/board/board-filters";
import type { BoardParams } from "@/components/board/board-href";
import { LiveRefresh } from "@/components/live-refresh";
import { SummaryStrip } from "@/components/summary/summary-strip";
import { parseBoardQuery, isFiltered, CURSOR_PARAM, type SearchParams } from "@/server/board/board-filter";
import { readBoard } from "@/server/board/read-board";
import { db } from "@/server/db/client";
import { readSummary } from "@/server/fleet/read-summary";
import { PHASES } from "@/server/loop/types";
import { requireCaller } from "@/server/web/require-caller";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Board" };

export default async function BoardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireCaller();
  const query = parseBoardQuery(await searchParams);
  const now = new Date();
  const [board, summary] = await Promise.all([readBoard(db(), query.filter, query.cursors, { now }), readSummary(db(), now)]);
  const filtered = isFiltered(query.filter) || query.input.label !== "" || query.input.phase !== "";
  // Links keep the filter and every column's cursor, so opening one column keeps the others as they were.
  const params: BoardParams = { q: query.input.q, label: query.input.label, phase: query.input.phase };
  for (const column of board.columns) {
    const cursor = query.cursors[column.key];
    if (cursor) params[CURSOR_PARAM(column.key)] = `${cursor.at}_${cursor.id}`;
  }
  return (
    <>
      <LiveRefresh />
      <div className="mb-5 flex flex-wrap items-start justify-between gap-x-6 gap-y-3">
        <div className="pt-3">
          <h1 className="text-xl font-semibold tracking-tight">Board</h1>
          <p className="muted mt-0.5 text-sm" data-testid="board-summary">
            {!board.anyGoals
              ? "Nothing to show yet"
              : filtered
                ? `${board.matching.toLocaleString("en")} ${board.matching === 1 ? "goal matches" : "goals match"} the filter`
                : `${board.matching.toLocaleString("en")} ${board.matching === 1 ? "goal" : "goals"}, newest change first`}
          </p>
        </div>
        {board.anyGoals && <BoardFilters input={query.input} errors={query.errors} phases={PHASES} filtered={filtered} />}
      </div>
      {board.anyGoals && <SummaryStrip summary={summary} basePath="/" now={now.getTime()} />}
      {!board.anyGoals ? (
        <NoGoals />
      ) : board.matching === 0 ? (
        <NoMatch />
      ) : (
        <div className="pb-2 lg:overflow-x-auto">
          <div data-testid="board" className="grid grid-cols-1 items-start gap-3 lg:min-w-[1100px] lg:grid-cols-5">
            {board.columns.map((column) => (
              <BoardColumn key={column.key} column={column} params={params} filtered={filtered} now={now.getTime()} />
            ))}
          </div>
        </div>
      )}
    </>
  );
}
