"use client";
// The browser's one API client: queries and mutations batched over HTTP, the live stream over SSE.
// The session cookie authenticates both.
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from "@trpc/client";
import { MAX_BATCH_CALLS } from "@/server/api/request-limits";
import type { AppRouter } from "@/server/api/root";

export const api = createTRPCClient<AppRouter>({
  links: [
    splitLink({
      condition: (op) => op.type === "subscription",
      true: httpSubscriptionLink({ url: "/api/trpc" }),
      // The API refuses bigger batches; a render asking for more sends several.
      false: httpBatchLink({ url: "/api/trpc", maxItems: MAX_BATCH_CALLS }),
    }),
  ],
});

export type FieldIssue = { path: string; message: string };

// The server's words for a refusal, or a plain sentence when the server could not be reached.
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  if (error instanceof Error && /fetch/i.test(error.message)) return "The server could not be reached. Check that Setpoint is running, then try again.";
  return error instanceof Error ? error.message : String(error);
}

// Field-level problems the server found (zod or domain checks), as { path, message }.
export function fieldIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof TRPCClientError)) return [];
  const issues = (error.data as { issues?: FieldIssue[] } | undefined)?.issues;
  return Array.isArray(issues) ? issues : [];
}
