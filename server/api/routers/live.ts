// The dashboard's one live stream per tab (SSE): every goal event, resumable by event id after a reconnect.
import { tracked } from "@trpc/server";
import { z } from "zod";
import { liveEvents } from "../../live/event-hub";
import { RESYNC, type LiveEvent } from "../../live/live-event";
import { allowed, router } from "../trpc";

const REPLAY_LIMIT = 500;

export const liveRouter = router({
  events: allowed("read")
    .input(
      z
        .object({
          lastEventId: z
            .string()
            .regex(/^\d{1,19}$/, "an event id (digits)")
            .nullish(),
        })
        .optional(),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      const live = liveEvents(signal);
      let lastId = input?.lastEventId ? BigInt(input.lastEventId) : null;
      if (lastId !== null) {
        // Events written while this viewer was disconnected, then the live ones after them.
        const missed = await ctx.db.event.findMany({ where: { id: { gt: lastId } }, orderBy: { id: "asc" }, take: REPLAY_LIMIT + 1 });
        if (missed.length > REPLAY_LIMIT) yield tracked(String(missed.at(-1)!.id), RESYNC);
        else
          for (const row of missed)
            yield tracked(String(row.id), { id: String(row.id), goal: row.goalName, type: row.type, reason: row.reason } satisfies LiveEvent);
        lastId = missed.at(-1)?.id ?? lastId;
      }
      for await (const event of live) {
        if (!event.id) yield tracked(String(lastId ?? 0), event);
        else if (lastId === null || BigInt(event.id) > lastId) {
          lastId = BigInt(event.id);
          yield tracked(event.id, event);
        }
      }
    }),
});
