// Turns a failed API call into a CliError that says what went wrong and what to do about it.
import { TRPCClientError } from "@trpc/client";
import { CliError, EXIT_SERVER_ERROR, EXIT_USER_ERROR } from "./cli-error";
import type { CliSettings } from "./cli-settings";

type ErrorData = { code?: string; httpStatus?: number; issues?: { path?: string; message?: string }[] };

export function toCliError(error: unknown, settings: CliSettings): CliError {
  if (error instanceof CliError) return error;
  if (!(error instanceof TRPCClientError)) {
    return new CliError(`request to Setpoint at ${settings.url} failed: ${messageOf(error)}`, EXIT_SERVER_ERROR);
  }
  const data = (error.data ?? undefined) as ErrorData | undefined;
  const response = (error.meta as { response?: { status?: number } } | undefined)?.response;
  if (!data && !response && isNotJson(error)) {
    return new CliError(
      `Setpoint at ${settings.url} answered with something that is not its API at /api/trpc: is SETPOINT_URL right? (${error.message})`,
      EXIT_SERVER_ERROR,
    );
  }
  if (!data && !response) {
    const from = settings.urlSource ? `, from ${settings.urlSource}` : "";
    return new CliError(`cannot reach Setpoint at ${settings.url}${from}: is \`npm start\` running? set SETPOINT_URL (${reasonOf(error)})`, EXIT_SERVER_ERROR);
  }
  if (!data?.code) {
    // An answer that is not a tRPC error: something other than Setpoint is listening there.
    const status = response?.status ? `HTTP ${response.status}` : "an unexpected answer";
    return new CliError(
      `Setpoint at ${settings.url} answered with ${status}, not its API at /api/trpc: is SETPOINT_URL right? (${error.message})`,
      EXIT_SERVER_ERROR,
    );
  }
  switch (data.code) {
    case "UNAUTHORIZED":
      return new CliError(
        settings.token
          ? `Setpoint at ${settings.url} refused the token from ${settings.tokenSource}: ${error.message}`
          : `Setpoint at ${settings.url} needs a token and none was found in ${settings.tokenSource}: set SETPOINT_TOKEN, or SETPOINT_DATA_DIR to the server's data folder`,
        EXIT_USER_ERROR,
      );
    case "FORBIDDEN":
      return new CliError(`not allowed: ${error.message}`, EXIT_USER_ERROR);
    case "BAD_REQUEST":
      return badRequest(error.message, data.issues ?? []);
    case "NOT_FOUND":
    case "CONFLICT":
    case "PRECONDITION_FAILED":
    case "UNPROCESSABLE_CONTENT":
    case "PAYLOAD_TOO_LARGE":
      return new CliError(error.message, EXIT_USER_ERROR);
    default:
      return new CliError(`Setpoint at ${settings.url} failed (${data.code}): ${error.message}`, EXIT_SERVER_ERROR);
  }
}

// The issues are printed one per line; the message may list them too (or be zod's JSON), so only
// its first line is kept as the headline.
function badRequest(message: string, issues: { path?: string; message?: string }[]): CliError {
  if (issues.length === 0) return new CliError(message, EXIT_USER_ERROR);
  const firstLine = message.split("\n")[0].replace(/:\s*$/, "");
  const headline = /^\s*[[{]/.test(firstLine) || firstLine === "" ? "the request is invalid" : firstLine;
  // An issue the headline already says ("candidate: …" over the same "candidate: …") is not said twice.
  const lines = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : String(issue.message))).filter((line) => line !== headline);
  return new CliError(headline, EXIT_USER_ERROR, lines);
}

function isNotJson(error: TRPCClientError<never>): boolean {
  return error.cause instanceof SyntaxError || /not valid JSON|Unexpected token/.test(error.message);
}

// fetch reports "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND) is on its cause.
function reasonOf(error: TRPCClientError<never>): string {
  let current: unknown = error.cause ?? error;
  let reason = messageOf(current);
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    reason = messageOf(current);
    current = (current as { cause?: unknown }).cause;
  }
  return reason;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
