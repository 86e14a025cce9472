// The n of a goal's "n / maxIterations": this run's iterations, so a re-run counts again from 1
// (iteration 0 is the baseline and is free). The board, the API and the CLI all show this number.
export function iterationInRun(goal: { currentIteration: number | null; runFromIteration: number }): number | null {
  if (goal.currentIteration === null) return null;
  return Math.max(0, goal.currentIteration - Math.max(goal.runFromIteration, 1) + 1);
}
