// The CLI's door to the API: one tRPC client over plain JSON, each call returning the shapes the
// formatters read, and every failure turned into a CliError.
import { createTRPCClient, httpLink } from "@trpc/client";
import type { AppRouter } from "../api/root";
import type { Role } from "../auth/roles";
import type {
  ApplyResult,
  AuditEvent,
  CandidatesRead,
  CertificateObject,
  DeleteResult,
  ExecutorGaming,
  GoalEvent,
  Insights,
  GoalObject,
  IterationLogs,
  IterationObject,
  NotificationObject,
  RotatedWebhook,
  RunBudgets,
  SecretDeleted,
  SecretListing,
  SecretSet,
  Webhook,
} from "./api-types";
import type { CliSettings } from "./cli-settings";
import { toCliError } from "./server-error";

export type GoalFilter = { label?: string; phase?: string };
export type EventFilter = { goal?: string; actor?: string; type?: string; limit?: number; sinceSeconds?: number };

export function createSetpointApi(settings: CliSettings) {
  const client = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${settings.url}/api/trpc`,
        headers: () => (settings.token ? { Authorization: `Bearer ${settings.token}` } : {}),
      }),
    ],
  });
  const call = async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      throw toCliError(error, settings);
    }
  };
  return {
    apply: (manifests: unknown[], paused?: boolean): Promise<ApplyResult> => call(() => client.goals.applyManifests.mutate({ manifests, paused })),
    // The API answers a page at a time; a listing wants every goal, so this follows the cursor to the end.
    listGoals: (filter: GoalFilter): Promise<GoalObject[]> =>
      call(async () => {
        const goals: GoalObject[] = [];
        for (let cursor: string | undefined; ; ) {
          const page = await client.goals.list.query({ ...filter, cursor });
          goals.push(...page.goals);
          if (!page.nextCursor || page.nextCursor === cursor) return goals;
          cursor = page.nextCursor;
        }
      }),
    getGoal: (name: string): Promise<GoalObject> => call(() => client.goals.get.query({ name })),
    iterations: (name: string): Promise<IterationObject[]> => call(() => client.goals.iterations.query({ name })),
    candidates: (name: string, number: number): Promise<CandidatesRead> => call(() => client.iterations.candidates.query({ name, number })),
    events: (name: string, limit?: number): Promise<GoalEvent[]> => call(() => client.goals.events.query({ name, limit })),
    notifications: (name: string, limit?: number): Promise<NotificationObject[]> => call(() => client.goals.notifications.query({ name, limit })),
    listEvents: (filter: EventFilter): Promise<AuditEvent[]> => call(() => client.events.list.query(filter)),
    certificates: (name: string): Promise<CertificateObject[]> => call(() => client.goals.certificates.query({ name })),
    executors: (): Promise<ExecutorGaming[]> => call(() => client.executors.list.query()),
    // `by` travels as typed: the server's schema says what a grouping may be, naming the field.
    insights: (by: string | undefined, days: number | undefined): Promise<Insights> => call(() => client.insights.read.query({ by, days })),
    budgets: (name: string): Promise<RunBudgets> => call(() => client.goals.budgets.query({ name })),
    logs: (name: string, iteration?: number): Promise<IterationLogs> => call(() => client.goals.logs.query({ name, iteration })),
    approve: (name: string, iteration: number | undefined, comment?: string, candidate?: number): Promise<IterationObject> =>
      call(() => client.goals.approve.mutate({ name, iteration, comment, candidate })),
    reject: (name: string, iteration: number | undefined, comment: string): Promise<IterationObject> =>
      call(() => client.goals.reject.mutate({ name, iteration, comment })),
    pause: (name: string): Promise<GoalObject> => call(() => client.goals.pause.mutate({ name })),
    resume: (name: string): Promise<GoalObject> => call(() => client.goals.resume.mutate({ name })),
    cancel: (name: string): Promise<GoalObject> => call(() => client.goals.cancel.mutate({ name })),
    deleteGoal: (name: string): Promise<DeleteResult> => call(() => client.goals.delete.mutate({ name })),
    // The server checks every value: names and roles travel as typed and come back as 400s naming the field.
    whoami: () => call(() => client.users.me.query()),
    listUsers: () => call(() => client.users.list.query()),
    addUser: (name: string, role: string, password?: string) => call(() => client.users.add.mutate({ name, role: role as Role, password })),
    setUserRole: (name: string, role: string) => call(() => client.users.setRole.mutate({ name, role: role as Role })),
    setUserPassword: (name: string, password?: string) => call(() => client.users.setPassword.mutate({ name, password })),
    removeUser: (name: string) => call(() => client.users.remove.mutate({ name })),
    listTokens: () => call(() => client.tokens.list.query()),
    createToken: (name: string, role: string, expiresInDays: number | null) =>
      call(() => client.tokens.create.mutate({ name, role: role as Role, expiresInDays })),
    revokeToken: (name: string) => call(() => client.tokens.revoke.mutate({ name })),
    setSecret: (name: string, secret: string, value: string): Promise<SecretSet> => call(() => client.secrets.set.mutate({ name, secret, value })),
    listSecrets: (name: string): Promise<SecretListing[]> => call(() => client.secrets.list.query({ name })),
    deleteSecret: (name: string, secret: string): Promise<SecretDeleted> => call(() => client.secrets.delete.mutate({ name, secret })),
    // The server knows the webhook's path; the full URL is the one this CLI reaches the server at.
    rotateWebhookSecret: async (name: string): Promise<RotatedWebhook & { url: string }> => {
      const hook = await call(() => client.webhooks.rotateSecret.mutate({ name }));
      return { ...hook, url: settings.url + hook.path };
    },
    getWebhook: async (name: string): Promise<Webhook & { url: string }> => {
      const hook = await call(() => client.webhooks.get.query({ name }));
      return { ...hook, url: settings.url + hook.path };
    },
  };
}

export type SetpointApi = ReturnType<typeof createSetpointApi>;
