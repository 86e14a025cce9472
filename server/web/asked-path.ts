// not-found pages get no params: proxy.ts passes the asked-for path, and this reads its segments.
import { headers } from "next/headers";

export async function askedPathSegments(): Promise<string[]> {
  const path = (await headers()).get("x-setpoint-path")?.split("?")[0] ?? "";
  return path.split("/").filter(Boolean).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment; // a malformed escape is shown as typed
    }
  });
}
