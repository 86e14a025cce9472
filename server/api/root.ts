// The API's one router; the dashboard, the CLI and tests all speak to it.
import { tokensRouter, usersRouter } from "./routers/admin";
import { eventsRouter } from "./routers/events";
import { executorsRouter } from "./routers/executors";
import { fleetRouter } from "./routers/fleet";
import { goalsRouter } from "./routers/goals";
import { insightsRouter } from "./routers/insights";
import { iterationsRouter } from "./routers/iterations";
import { liveRouter } from "./routers/live";
import { secretsRouter } from "./routers/secrets";
import { specRouter } from "./routers/spec";
import { webhooksRouter } from "./routers/webhooks";
import { router } from "./trpc";

export const appRouter = router({
  goals: goalsRouter,
  iterations: iterationsRouter,
  spec: specRouter,
  live: liveRouter,
  users: usersRouter,
  tokens: tokensRouter,
  secrets: secretsRouter,
  webhooks: webhooksRouter,
  events: eventsRouter,
  executors: executorsRouter,
  fleet: fleetRouter,
  insights: insightsRouter,
});
export type AppRouter = typeof appRouter;
