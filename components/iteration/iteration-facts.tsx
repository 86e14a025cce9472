// The iteration's bookkeeping: times, cost, tokens, commits, runner, interruptions.
import Link from "next/link";
import type { ReactNode } from "react";
import { TimeAgo } from "@/components/ui/time-ago";
import type { IterationDetail } from "@/server/iterations/read-iteration";
import { formatDuration } from "./format-duration";
import { CostUnknown } from "@/components/goal/cost-unknown";

export function IterationFacts({ iteration }: { iteration: IterationDetail }) {
  const total = iteration.finishedAt ? new Date(iteration.finishedAt).getTime() - new Date(iteration.startedAt).getTime() : null;
  const goalPath = `/goals/${encodeURIComponent(iteration.goal.name)}`;
  return (
    <dl data-testid="iteration-facts" className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
      <Fact label="Started">
        <TimeAgo at={iteration.startedAt} />
      </Fact>
      <Fact label="Finished">{iteration.finishedAt ? <TimeAgo at={iteration.finishedAt} /> : <span className="muted">not yet</span>}</Fact>
      <Fact label="Duration">
        <span className="tabular-nums">{total === null ? <span className="muted">running</span> : formatDuration(total)}</span>
        {total !== null && (
          <span className="muted block text-xs tabular-nums">
            agent {formatDuration(iteration.agentMs)} · evaluation {formatDuration(iteration.evalMs)}
          </span>
        )}
      </Fact>
      <Fact label="Cost">
        {iteration.costKnown ? <span className="tabular-nums">${iteration.costUsd.toFixed(iteration.costUsd >= 1 ? 2 : 4)}</span> : <CostUnknown />}
      </Fact>
      <Fact label="Tokens">
        <span className="tabular-nums">
          {iteration.tokensIn.toLocaleString("en-US")} in · {iteration.tokensOut.toLocaleString("en-US")} out
        </span>
      </Fact>
      <Fact label="Commit">
        <Sha sha={iteration.commit} none={iteration.phase === "Running" ? "not committed yet" : "none"} />
      </Fact>
      <Fact label="From">
        <Sha sha={iteration.fromCommit} none="–" />
        {iteration.fromIteration !== null && (
          <Link href={`${goalPath}/iterations/${iteration.fromIteration}`} className="ml-1.5 text-xs text-blue-700 hover:underline dark:text-blue-400">
            iteration {iteration.fromIteration}
          </Link>
        )}
      </Fact>
      <Fact label="Runner">
        {iteration.runnerId ? <span className="font-mono text-xs break-all">{iteration.runnerId}</span> : <span className="muted">–</span>}
      </Fact>
      <Fact label="Interruptions">
        <span className={iteration.interruptions > 0 ? "font-medium text-amber-700 dark:text-amber-400" : ""}>{iteration.interruptions}</span>
        {iteration.interruptions > 0 && <span className="muted block text-xs">redone after a runner stopped mid-iteration</span>}
      </Fact>
      <Fact label="Generation">
        <span className="tabular-nums">{iteration.generation}</span>
      </Fact>
      {iteration.agentExitCode !== null && (
        <Fact label="Agent exit">
          <span className="font-mono text-xs">{iteration.agentExitCode}</span>
        </Fact>
      )}
    </dl>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="muted text-xs leading-5">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </>
  );
}

function Sha({ sha, none }: { sha: string | null; none: string }) {
  if (!sha) return <span className="muted">{none}</span>;
  return (
    <code className="code-inline" title={sha}>
      {sha.slice(0, 10)}
    </code>
  );
}
