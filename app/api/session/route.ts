// Sign-in and sign-out for the dashboard. GET ?token= is the link `npm start` prints; POST is the form.
import { verifyToken } from "@/server/auth/api-tokens";
import { clearedSessionCookie, safeNextPath, sessionCookie } from "@/server/auth/session-cookie";
import { db } from "@/server/db/client";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const url = new URL(request.url);
  return signIn(request, url.searchParams.get("token") ?? "", url.searchParams.get("next"));
}

export async function POST(request: Request) {
  const form = await request.formData().catch(() => null);
  if (form?.get("action") === "sign-out") return seeOther("/sign-in", clearedSessionCookie());
  return signIn(request, String(form?.get("token") ?? ""), String(form?.get("next") ?? "/"));
}

async function signIn(request: Request, token: string, next: string | null) {
  const target = safeNextPath(next);
  const caller = await verifyToken(db(), token.trim());
  if (!caller) return seeOther(`/sign-in?error=invalid&next=${encodeURIComponent(target)}`);
  const secure = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  return seeOther(target, sessionCookie(token.trim(), secure));
}

// A relative Location: correct whatever host name the browser used.
function seeOther(location: string, cookie?: string) {
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  if (cookie) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 303, headers });
}
