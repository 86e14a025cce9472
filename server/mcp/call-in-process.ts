// The MCP endpoint's way to the API: the router's own procedures, called in the web process with the
// token's caller, so permissions, four-eyes, input checks and errors are the API's exactly.
import { TRPCError } from "@trpc/server";
import { appRouter } from "../api/root";
import { errorIssues, INTERNAL_ERROR_MESSAGE, type Context } from "../api/trpc";
import type { CallProcedure } from "./procedure-calls";

export function callInProcess(ctx: Context): CallProcedure {
  const caller = appRouter.createCaller(ctx) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  return async (path, input) => {
    const [router, name] = path.split(".");
    try {
      // Through JSON, as the API would send it: dates become the ISO strings the formatters read.
      return JSON.parse(JSON.stringify(await caller[router][name](input)));
    } catch (error) {
      throw new Error(describeFailure(path, error));
    }
  };
}

// The API's own words for a refusal; an unexpected failure's details go to the server's log only.
function describeFailure(path: string, error: unknown): string {
  if (!(error instanceof TRPCError) || error.code === "INTERNAL_SERVER_ERROR") {
    console.error(`[mcp] ${path} failed:`, error instanceof TRPCError ? (error.cause ?? error) : error);
    return INTERNAL_ERROR_MESSAGE;
  }
  const issues = errorIssues(error.cause) ?? [];
  // A refused input's message is the schema's JSON; its issues say it in words.
  const headline = issues.length > 0 && /^\s*[[{]/.test(error.message) ? "the request is invalid" : error.message;
  const lines = issues.filter((issue) => !headline.includes(issue.message)).map((issue) => `  ${issue.path ? `${issue.path}: ` : ""}${issue.message}`);
  return [headline, ...lines].join("\n");
}
