// Runs before every page: refuses addresses no page can read, and tells server components which
// path was asked for, so a sign-in can send the person back to it and a not-found page can name it.
import { NextResponse, type NextRequest } from "next/server";
import { malformedAddress, malformedAddressPage } from "./server/web/malformed-address";

export function proxy(request: NextRequest) {
  const problem = malformedAddress(request.nextUrl);
  if (problem) return malformedAddressPage(problem);
  const headers = new Headers(request.headers);
  headers.set("x-setpoint-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!api/|_next/|favicon).*)"] };
