// Sign-in and sign-out for the dashboard: POST from the sign-in form (name and password) or the
// header's sign-out button. Sessions live in Postgres (server/auth/sessions.ts).
import { clearedSessionCookie, sessionCookie, tokenFromCookieHeader } from "@/server/auth/session-cookie";
import { endSession, signInWithPassword } from "@/server/auth/sessions";
import { db } from "@/server/db/client";
import { apiRefusal } from "@/server/web/api-refusal";
import { crossSiteProblem } from "@/server/web/cross-site";
import { readRequestBody } from "@/server/web/read-request-body";
import { safeReturnPath } from "@/server/web/safe-return-path";

export const dynamic = "force-dynamic";

// A name (64), a password (1,024) and a path to go back to: a form of a few KB at most.
const MAX_FORM_BYTES = 16 * 1024;

export async function POST(request: Request) {
  // Another site's form must neither sign a browser in (as the other site's user) nor out.
  const crossSite = crossSiteProblem(request);
  if (crossSite) return apiRefusal("FORBIDDEN", crossSite);
  // What the sign-in form and the sign-out button send: a plain form, never a file upload.
  const body = await readRequestBody(request, "application/x-www-form-urlencoded", MAX_FORM_BYTES, "the sign-in form sends a name and a password");
  if (body instanceof Response) return body;
  const form = new URLSearchParams(body.toString("utf8"));
  if (form.get("action") === "sign-out") {
    const token = tokenFromCookieHeader(request.headers.get("cookie"));
    if (token) await endSession(db(), token);
    return seeOther("/sign-in", clearedSessionCookie());
  }
  const target = safeReturnPath(form.get("next"));
  const name = (form.get("name") ?? "").trim();
  const outcome = await signInWithPassword(db(), name, form.get("password") ?? "");
  if ("refused" in outcome)
    return seeOther(`/sign-in?error=${outcome.refused}&name=${encodeURIComponent(name.slice(0, 64))}&next=${encodeURIComponent(target)}`);
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
