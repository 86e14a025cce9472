// What the Setpoint API returns, as the CLI receives it: inferred from the router (plain JSON, so
// timestamps arrive as ISO strings), never written a second time.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../api/root";

type GoalsOutputs = inferRouterOutputs<AppRouter>["goals"];
type SecretsOutputs = inferRouterOutputs<AppRouter>["secrets"];

export type GoalObject = GoalsOutputs["get"];
export type IterationObject = GoalsOutputs["iterations"][number];
export type GoalEvent = GoalsOutputs["events"][number];
export type RunBudgets = GoalsOutputs["budgets"];
export type NotificationObject = GoalsOutputs["notifications"][number];
export type IterationLogs = GoalsOutputs["logs"];
export type LayerLog = IterationLogs["layers"][number];
export type ApplyResult = GoalsOutputs["applyManifests"];
export type DeleteResult = GoalsOutputs["delete"];
export type SecretSet = SecretsOutputs["set"];
export type SecretListing = SecretsOutputs["list"][number];
export type SecretDeleted = SecretsOutputs["delete"];

type WebhooksOutputs = inferRouterOutputs<AppRouter>["webhooks"];
export type Webhook = WebhooksOutputs["get"];
export type RotatedWebhook = WebhooksOutputs["rotateSecret"];
export type AuditEvent = inferRouterOutputs<AppRouter>["events"]["list"][number];
export type CertificateObject = GoalsOutputs["certificates"][number];
export type ExecutorGaming = inferRouterOutputs<AppRouter>["executors"]["list"][number];
export type Insights = inferRouterOutputs<AppRouter>["insights"]["read"];
export type CandidatesRead = inferRouterOutputs<AppRouter>["iterations"]["candidates"];
