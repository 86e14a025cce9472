// not-found pages get no params: proxy.ts passes the asked-for path, and this reads its segments
// (proxy.ts has already refused addresses with a malformed escape, so each one decodes).
import { headers } from "next/headers";

export async function askedPathSegments(): Promise<string[]> {
  const path = (await headers()).get("x-setpoint-path")?.split("?")[0] ?? "";
  return path.split("/").filter(Boolean).map(decodeURIComponent);
}
