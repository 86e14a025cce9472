// What an iteration page says where a section has nothing to show: why there is nothing, in the
// iteration's own terms. A measurement that ran no agent (the baseline, or a re-measure of a commit
// by a new run or a drift check) changed nothing because nobody was asked to.
type Shown = { number: number; phase: string; fromIteration: number | null; commit: string | null };

// Iteration 0 measures the starting commit; a later one with no iteration to build on measured a commit again.
export function isRemeasure(iteration: Shown): boolean {
  return iteration.number > 0 && iteration.fromIteration === null;
}

export function layersEmpty(iteration: Shown): string {
  if (iteration.phase === "Running") return "The layers run once the agent has finished; their output streams above meanwhile.";
  if (iteration.phase === "AgentFailed") return "No layers ran: the agent failed (see above).";
  if (iteration.phase === "Interrupted") return "Interrupted before the layers ran; the iteration is redone under the same number.";
  return "No layer results were recorded.";
}

export function diffEmpty(iteration: Shown): string {
  if (iteration.number === 0) return "Iteration 0 is the baseline: it measures the starting commit and changes nothing.";
  if (isRemeasure(iteration)) return remeasured(iteration);
  if (iteration.phase === "Running") return "The change appears here once the agent has finished and its work is committed.";
  if (iteration.phase === "AgentFailed") return "The agent failed, so nothing was committed.";
  if (iteration.phase === "Interrupted") return "Interrupted before its work was committed.";
  return "The agent changed no files.";
}

export function agentOutputEmpty(iteration: Shown): string {
  if (iteration.number === 0) return "No agent runs on the baseline.";
  if (isRemeasure(iteration)) return "No agent runs on a re-measure.";
  return "The agent printed nothing.";
}

export function promptEmpty(iteration: Shown): string {
  if (iteration.number === 0) return "The baseline has no prompt: no agent runs.";
  if (isRemeasure(iteration)) return "A re-measure has no prompt: no agent runs.";
  return "No prompt was recorded.";
}

function remeasured(iteration: Shown): string {
  const commit = iteration.commit ? `commit ${iteration.commit.slice(0, 12)}` : "the accepted commit";
  return `A re-measure: no agent ran. A new run (a re-run, a changed spec or secret, a webhook, or a scheduled check for drift) measures ${commit} again before the goal may say Converged, so nothing changed.`;
}
