// Prometheus's scrape address: the installation's figures, read from Postgres (server/metrics).
import { metricsFromLoopback } from "@/server/config";
import { db } from "@/server/db/client";
import { mayReadMetrics } from "@/server/metrics/may-read-metrics";
import { readMetrics } from "@/server/metrics/read-metrics";
import { METRICS_CONTENT_TYPE, renderMetrics } from "@/server/metrics/render-metrics";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  if (!(await mayReadMetrics(db(), request.headers))) {
    const local = metricsFromLoopback() ? " or a request from this machine" : " (from this machine without one only with SETPOINT_METRICS_LOOPBACK=1)";
    return new Response(`a token of any role (Authorization: Bearer …)${local} is needed to read metrics\n`, {
      status: 401,
      headers: { "content-type": "text/plain; charset=utf-8", "www-authenticate": "Bearer", "cache-control": "no-store" },
    });
  }
  const text = await renderMetrics(await readMetrics(db()));
  return new Response(text, { headers: { "content-type": METRICS_CONTENT_TYPE, "cache-control": "no-store" } });
}
