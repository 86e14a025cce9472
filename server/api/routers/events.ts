// The audit trail across goals: who did what, when. Every input is bounded.
import { z } from "zod";
import { DEFAULT_EVENT_LIMIT, listAuditEvents } from "../../events/list-events";
import { dnsLabel } from "../../spec/goal-spec";
import { allowed, router } from "../trpc";

// Ten years, in seconds: more than any event's age, well inside a Date.
const MAX_SINCE_SECONDS = 315_360_000;

export const eventsRouter = router({
  list: allowed("read")
    .input(
      z
        .object({
          goal: dnsLabel.optional(),
          actor: z.string().min(1).max(200).optional(),
          type: z.string().min(1).max(100).optional(),
          limit: z.number().int().positive().max(1000).default(DEFAULT_EVENT_LIMIT),
          sinceSeconds: z.number().positive().max(MAX_SINCE_SECONDS).optional(),
        })
        .default({ limit: DEFAULT_EVENT_LIMIT }),
    )
    .query(({ ctx, input }) => listAuditEvents(ctx.db, input)),
});
