// One goal on the board: what it is, where it stands, how it has been converging, and who holds it.
import Link from "next/link";
import { PHASE_EDGE, PhaseBadge } from "@/components/phase-badge";
import { TimeAgo } from "@/components/ui/time-ago";
import type { BoardCard } from "@/server/board/read-board";
import { boardHref, filterOnly, type BoardParams } from "./board-href";
import { Sparkline } from "./sparkline";

// A card shows a few labels; a goal may have up to 64 (server/spec/spec-limits.ts), which would make every card of the board heavy.
const CARD_LABELS = 8;

// now: the server's clock at render, so the first paint says the right age before the client takes over.
// On a narrow screen a failed card moves to the top of its column: it needs a person.
export function GoalCard({ card, params, now }: { card: BoardCard; params: BoardParams; now: number }) {
  const why = card.message ? `${card.reason}: ${card.message}` : card.reason;
  return (
    <li
      data-testid="goal-card"
      data-goal={card.name}
      data-phase={card.phase}
      className={`panel group relative flex flex-col gap-2 p-3 transition-colors ${PHASE_EDGE[card.phase] ?? "hover:border-slate-300 dark:hover:border-slate-700"} ${card.phase === "Failed" ? "max-lg:-order-1" : ""}`}
    >
      <Link
        href={`/goals/${encodeURIComponent(card.name)}`}
        data-testid="goal-card-link"
        className="break-words font-medium leading-snug text-slate-900 hover:text-blue-700 hover:underline focus-visible:rounded focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-slate-100 dark:hover:text-blue-300"
      >
        {card.name}
      </Link>

      <ul className="flex flex-wrap items-center gap-1" aria-label="Phase and labels">
        <li>
          <PhaseBadge phase={card.phase} />
        </li>
        {card.demo && (
          <li>
            <span
              data-testid="goal-card-demo"
              className="rounded bg-violet-100 px-1.5 py-0.5 text-xs text-violet-800 dark:bg-violet-950 dark:text-violet-200"
              title="A scripted demo agent, no LLM: it fixes the sample repository one bug per iteration"
            >
              demo agent
            </span>
          </li>
        )}
        {Object.entries(card.labels)
          .slice(0, CARD_LABELS)
          .map(([key, value]) => (
            <li key={key} className="min-w-0 max-w-full">
              <Link
                href={boardHref(filterOnly(params), { label: `${key}=${value}` })}
                scroll={false}
                title={`Show only goals labelled ${key}=${value}`}
                className="block truncate rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-blue-600 dark:bg-slate-800 dark:text-slate-300 dark:hover:bg-slate-700"
              >
                {key}={value}
              </Link>
            </li>
          ))}
        {Object.keys(card.labels).length > CARD_LABELS && (
          <li data-testid="goal-card-more-labels" className="text-xs text-slate-500 dark:text-slate-400" title="The goal's page shows every label">
            +{Object.keys(card.labels).length - CARD_LABELS} more
          </li>
        )}
      </ul>

      <p data-testid="goal-card-reason" className="line-clamp-2 break-words text-xs text-slate-600 dark:text-slate-400" title={why}>
        <span className="font-medium text-slate-700 dark:text-slate-300">{card.reason}</span>
        {card.message && <>: {card.message}</>}
      </p>

      {card.sparkline ? (
        <Sparkline {...card.sparkline} />
      ) : (
        <p className="flex h-7 items-center text-xs text-slate-400 dark:text-slate-500">No measurements yet</p>
      )}

      <div className="flex items-center gap-2 text-xs text-slate-500 dark:text-slate-400">
        <span data-testid="goal-card-iteration" className="shrink-0 whitespace-nowrap tabular-nums" title="Iterations in this run / stop.maxIterations">
          iter {card.iteration ?? "–"} / {card.maxIterations ?? "–"}
        </span>
        {card.heldBy && (
          <span data-testid="goal-card-runner" className="flex min-w-0 items-center gap-1" title={`Held by runner ${card.heldBy}`}>
            <span aria-hidden className="h-1.5 w-1.5 shrink-0 animate-pulse rounded-full bg-blue-500" />
            <span className="truncate">{card.heldBy}</span>
          </span>
        )}
        <span className="ml-auto shrink-0" data-testid="goal-card-age" title="Since the last change">
          <TimeAgo at={card.lastEventAt} now={now} />
        </span>
      </div>
    </li>
  );
}
