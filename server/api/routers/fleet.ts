// The fleet view's reads from the browser: every row under the view's filter (the page itself sends only
// its first screen), the rows of goals that changed (the view is live), the sparklines of the rows on
// screen, and the summary strip. Filters come as they stand in the URL.
import { z } from "zod";
import { CHANGED_ROWS, parseFleetQuery, SPARKLINE_NAMES } from "../../fleet/fleet-query";
import { readFleet } from "../../fleet/read-fleet";
import { readFleetSparklines } from "../../fleet/read-fleet-sparklines";
import { readSummary } from "../../fleet/read-summary";
import { dnsLabel } from "../../spec/goal-spec";
import { allowed, router } from "../trpc";

const urlText = (max: number) => z.string().max(max, `must be at most ${max} characters`).optional();

export const fleetRouter = router({
  // Every row under the view's filter (the most recently changed FLEET_LIMIT), or, with `names`, the
  // current rows of those goals: a name missing from the answer was deleted, or no longer matches.
  rows: allowed("read")
    .input(
      z.object({
        names: z.array(dnsLabel).min(1).max(CHANGED_ROWS, `at most ${CHANGED_ROWS} names`).optional(),
        q: urlText(200),
        label: urlText(4000),
        phase: urlText(40),
        repo: urlText(4096),
        executor: urlText(40),
        group: urlText(80),
      }),
    )
    .query(async ({ ctx, input }) => {
      const query = parseFleetQuery(input);
      const groupLabel = query.group?.by === "label" ? query.group.key : null;
      const fleet = await readFleet(ctx.db, query.filter, { names: input.names, groupLabel });
      return { rows: fleet.rows, matching: fleet.matching };
    }),
  sparklines: allowed("read")
    .input(z.object({ names: z.array(dnsLabel).min(1).max(SPARKLINE_NAMES, `at most ${SPARKLINE_NAMES} names`) }))
    .query(({ ctx, input }) => readFleetSparklines(ctx.db, input.names)),
  summary: allowed("read").query(({ ctx }) => readSummary(ctx.db)),
});
