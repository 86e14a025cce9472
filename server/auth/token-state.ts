// Whether a token still works, in the word the CLI's list and the tokens page both show.
export type TokenState = "active" | "revoked" | "expired";

export function tokenState(token: { revokedAt: Date | string | null; expiresAt: Date | string | null }, now: Date): TokenState {
  if (token.revokedAt) return "revoked";
  return token.expiresAt && new Date(token.expiresAt).getTime() < now.getTime() ? "expired" : "active";
}
