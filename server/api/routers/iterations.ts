// One iteration's details for the iteration page, the live output of a running one, and its best-of-N candidates.
import { readCandidates } from "../../iterations/read-candidates";
import { readLiveOutput } from "../../iterations/read-live-output";
import { goalName, iterationNumber } from "../inputs";
import { allowed, router } from "../trpc";

export const iterationsRouter = router({
  // Polled by the iteration page while the iteration runs: the tails of the agent's and each layer's output.
  live: allowed("read")
    .input(goalName.extend({ number: iterationNumber }))
    .query(({ ctx, input }) => readLiveOutput(ctx.db, input.name, input.number)),
  // Side by side: each candidate's metrics, size, cost, time, and which one was kept and why (empty without best of N).
  candidates: allowed("read")
    .input(goalName.extend({ number: iterationNumber }))
    .query(({ ctx, input }) => readCandidates(ctx.db, input.name, input.number)),
});
