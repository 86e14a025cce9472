// The API's one router; the dashboard, the CLI and tests all speak to it.
import { goalsRouter } from "./routers/goals";
import { router } from "./trpc";

export const appRouter = router({ goals: goalsRouter });
export type AppRouter = typeof appRouter;
