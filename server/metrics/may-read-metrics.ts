// Who may scrape /api/metrics: an API token of any role (Bearer), or a request from loopback (a
// Prometheus or agent on the same machine) when SETPOINT_METRICS_LOOPBACK=1.
import { verifyToken } from "../auth/api-tokens";
import { metricsFromLoopback } from "../config";
import type { PrismaClient } from "../generated/prisma/client";

export async function mayReadMetrics(db: PrismaClient, headers: Headers): Promise<boolean> {
  const bearer = headers
    .get("authorization")
    ?.match(/^Bearer\s+(.+)$/i)?.[1]
    ?.trim();
  if (bearer) return (await verifyToken(db, bearer)) !== null;
  return metricsFromLoopback() && isLoopback(headers.get("x-forwarded-for"));
}

// One address, and a loopback one: a chain of proxies means the request came from somewhere else.
export function isLoopback(forwardedFor: string | null): boolean {
  if (!forwardedFor || forwardedFor.includes(",")) return false;
  const address = forwardedFor.trim().replace(/^::ffff:/i, "");
  return address === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}
