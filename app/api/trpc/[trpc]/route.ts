// Serves the tRPC API to the dashboard and the CLI, behind the door in server/web/admit-api-request.ts.
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { db } from "@/server/db/client";
import { admitApiRequest } from "@/server/web/admit-api-request";

export const dynamic = "force-dynamic";

const ENDPOINT = "/api/trpc";

async function handler(request: Request) {
  const admitted = await admitApiRequest(request, ENDPOINT);
  if (admitted instanceof Response) return admitted;
  return fetchRequestHandler({
    endpoint: ENDPOINT,
    req: admitted,
    router: appRouter,
    createContext: () => createContext(db(), admitted.headers.get("authorization"), admitted.headers.get("cookie")),
    // The caller is told only that it failed (server/api/trpc.ts); the details are written here.
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[api] ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
