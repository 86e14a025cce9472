// A mistake of the caller's, said in words; the API turns it into a 4xx, never a 500.
export type UserErrorCode = "BAD_REQUEST" | "NOT_FOUND" | "CONFLICT" | "FORBIDDEN";
export type Issue = { path: string; message: string };

export class UserError extends Error {
  constructor(
    readonly code: UserErrorCode,
    message: string,
    readonly issues: Issue[] = [],
  ) {
    super(message);
    this.name = "UserError";
  }
}

export function goalNotFound(name: string): UserError {
  return new UserError("NOT_FOUND", `goal '${name}' not found`);
}
