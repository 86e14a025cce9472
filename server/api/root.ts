// The API's one router; the dashboard, the CLI and tests all speak to it.
import { goalsRouter } from "./routers/goals";
import { iterationsRouter } from "./routers/iterations";
import { liveRouter } from "./routers/live";
import { specRouter } from "./routers/spec";
import { router } from "./trpc";

export const appRouter = router({ goals: goalsRouter, iterations: iterationsRouter, spec: specRouter, live: liveRouter });
export type AppRouter = typeof appRouter;
