// Runs before every page: refuses addresses no page can read, sends strangers to sign in, and tells server components which
// path was asked for, so a sign-in can send the person back to it and a not-found page can name it.
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "./server/auth/session-cookie";
import { apiRefusal } from "./server/web/api-refusal";
import { malformedAddress, malformedAddressPage } from "./server/web/malformed-address";
import { safeReturnPath } from "./server/web/safe-return-path";

// Answered without a session: the sign-in page and the app's icon.
const OPEN = new Set(["/sign-in", "/icon.svg"]);

export function proxy(request: NextRequest) {
  const problem = malformedAddress(request.nextUrl);
  // The API answers for itself (and only its addresses with a '%' come here: see the matcher).
  if (request.nextUrl.pathname.startsWith("/api/")) {
    return problem ? apiRefusal("BAD_REQUEST", `this address cannot be read: ${problem}`) : NextResponse.next();
  }
  if (problem) return malformedAddressPage(problem);
  const asked = request.nextUrl.pathname + request.nextUrl.search;
  // A stranger gets a real redirect, not a 200 page that redirects once it streams (pages check the
  // session itself too: a cookie that is present is not yet a valid one).
  if (!OPEN.has(request.nextUrl.pathname) && !request.cookies.has(SESSION_COOKIE)) {
    return NextResponse.redirect(new URL(`/sign-in?next=${encodeURIComponent(safeReturnPath(asked))}`, request.url), 307);
  }
  const headers = new Headers(request.headers);
  headers.set("x-setpoint-path", asked);
  return NextResponse.next({ request: { headers } });
}

// Every page; of the API, only addresses holding a '%' (a malformed escape makes Next answer a bare 500
// before any route runs). Not the whole API: Next holds the body of each request the proxy sees until
// it has all arrived, which would undo the API's own body limit.
export const config = { matcher: ["/((?!api/|_next/|favicon).*)", "/api/:path(.*%.*)"] };
