// One iteration's details for the iteration page, and the live output of a running one.
import { z } from "zod";
import { readLiveOutput } from "../../iterations/read-live-output";
import { authedProcedure, router } from "../trpc";

export const iterationsRouter = router({
  // Polled by the iteration page while the iteration runs: the tails of the agent's and each layer's output.
  live: authedProcedure
    .input(z.object({ name: z.string().min(1).max(63), number: z.number().int().nonnegative() }))
    .query(({ ctx, input }) => readLiveOutput(ctx.db, input.name, input.number)),
});
