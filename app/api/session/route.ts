// Sign-in and sign-out for the dashboard: POST from the sign-in form (name and password) or the
// header's sign-out button. Sessions live in Postgres (server/auth/sessions.ts).
import { clearedSessionCookie, safeNextPath, sessionCookie, tokenFromCookieHeader } from "@/server/auth/session-cookie";
import { endSession, signInWithPassword } from "@/server/auth/sessions";
import { db } from "@/server/db/client";

export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  const form = await request.formData().catch(() => null);
  if (form?.get("action") === "sign-out") {
    const token = tokenFromCookieHeader(request.headers.get("cookie"));
    if (token) await endSession(db(), token);
    return seeOther("/sign-in", clearedSessionCookie());
  }
  const target = safeNextPath(String(form?.get("next") ?? "/"));
  const name = String(form?.get("name") ?? "").trim();
  const outcome = await signInWithPassword(db(), name, String(form?.get("password") ?? ""));
  if ("refused" in outcome) return seeOther(`/sign-in?error=${outcome.refused}&name=${encodeURIComponent(name.slice(0, 64))}&next=${encodeURIComponent(target)}`);
  const token = outcome.token;
  const secure = new URL(request.url).protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  return seeOther(target, sessionCookie(token, secure));
}

// A relative Location: correct whatever host name the browser used.
function seeOther(location: string, cookie?: string) {
  const headers = new Headers({ Location: location, "Cache-Control": "no-store" });
  if (cookie) headers.append("Set-Cookie", cookie);
  return new Response(null, { status: 303, headers });
}
