// The dashboard's session token travels in an httpOnly, SameSite=Lax cookie; API clients send an API
// token as a bearer header instead. Lax alone does not stop a sibling site's form: server/web/cross-site.ts does.
export const SESSION_DAYS = 30;
export const SESSION_COOKIE = "setpoint_session";
export const SESSION_MAX_AGE_SECONDS = 60 * 60 * 24 * SESSION_DAYS;

export function tokenFromCookieHeader(header: string | null | undefined): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === SESSION_COOKIE) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}

export function sessionCookie(token: string, secure: boolean): string {
  const attributes = [`${SESSION_COOKIE}=${encodeURIComponent(token)}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${SESSION_MAX_AGE_SECONDS}`];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
