// One iteration's details for the iteration page, and the live output of a running one.
import { readLiveOutput } from "../../iterations/read-live-output";
import { goalName, iterationNumber } from "../inputs";
import { allowed, router } from "../trpc";

export const iterationsRouter = router({
  // Polled by the iteration page while the iteration runs: the tails of the agent's and each layer's output.
  live: allowed("read")
    .input(goalName.extend({ number: iterationNumber }))
    .query(({ ctx, input }) => readLiveOutput(ctx.db, input.name, input.number)),
});
