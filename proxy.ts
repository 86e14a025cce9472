// Runs before every page: refuses addresses no page can read, sends strangers to sign in, and tells server components which
// path was asked for, so a sign-in can send the person back to it and a not-found page can name it.
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "./server/auth/session-cookie";
import { malformedAddress, malformedAddressPage } from "./server/web/malformed-address";

// Answered without a session: the sign-in page and the app's icon.
const OPEN = new Set(["/sign-in", "/icon.svg"]);

export function proxy(request: NextRequest) {
  const problem = malformedAddress(request.nextUrl);
  if (problem) return malformedAddressPage(problem);
  const asked = request.nextUrl.pathname + request.nextUrl.search;
  // A stranger gets a real redirect, not a 200 page that redirects once it streams (pages check the
  // session itself too: a cookie that is present is not yet a valid one).
  if (!OPEN.has(request.nextUrl.pathname) && !request.cookies.has(SESSION_COOKIE)) {
    return NextResponse.redirect(new URL(`/sign-in?next=${encodeURIComponent(asked)}`, request.url), 307);
  }
  const headers = new Headers(request.headers);
  headers.set("x-setpoint-path", asked);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!api/|_next/|favicon).*)"] };
