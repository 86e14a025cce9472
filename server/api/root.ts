// The API's one router; the dashboard, the CLI and tests all speak to it.
import { tokensRouter, usersRouter } from "./routers/admin";
import { eventsRouter } from "./routers/events";
import { goalsRouter } from "./routers/goals";
import { iterationsRouter } from "./routers/iterations";
import { liveRouter } from "./routers/live";
import { secretsRouter } from "./routers/secrets";
import { specRouter } from "./routers/spec";
import { webhooksRouter } from "./routers/webhooks";
import { router } from "./trpc";

export const appRouter = router({ goals: goalsRouter, iterations: iterationsRouter, spec: specRouter, live: liveRouter, users: usersRouter, tokens: tokensRouter, secrets: secretsRouter, webhooks: webhooksRouter, events: eventsRouter });
export type AppRouter = typeof appRouter;
