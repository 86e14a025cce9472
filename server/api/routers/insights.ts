// Insights across goals over a period (the /insights page reads the same domain function; the CLI's `stats`).
import { insightsQuerySchema } from "../../insights/insights-query";
import { readInsights } from "../../insights/read-insights";
import { allowed, router } from "../trpc";

export const insightsRouter = router({
  read: allowed("read")
    .input(insightsQuerySchema)
    .query(({ ctx, input }) => readInsights(ctx.db, input)),
});
