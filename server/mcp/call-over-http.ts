// `setpoint mcp`'s way to the API: over HTTP with the CLI's settings (SETPOINT_URL, SETPOINT_TOKEN or
// the data folder's admin token), so it is held to that token's role on the server, and a failure is
// said as the CLI says it (cannot reach the server, a refused token, a 403 naming what the role lacks).
import { createTRPCUntypedClient, httpLink } from "@trpc/client";
import type { AppRouter } from "../api/root";
import type { CliSettings } from "../cli/cli-settings";
import { toCliError } from "../cli/server-error";
import { PROCEDURES, type CallProcedure } from "./procedure-calls";

export function callOverHttp(settings: CliSettings): CallProcedure {
  const client = createTRPCUntypedClient<AppRouter>({
    links: [httpLink({ url: `${settings.url}/api/trpc`, headers: () => (settings.token ? { Authorization: `Bearer ${settings.token}` } : {}) })],
  });
  return async (path, input) => {
    try {
      return (await (PROCEDURES[path] === "query" ? client.query(path, input) : client.mutation(path, input))) as never;
    } catch (error) {
      const failure = toCliError(error, settings);
      throw new Error([failure.message, ...failure.details.map((line) => `  ${line}`)].join("\n"));
    }
  };
}
