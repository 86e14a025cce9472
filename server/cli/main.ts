// The setpoint CLI: kubectl-like commands over the Setpoint API. Expected failures print one
// clear message and exit 1 (the user's to fix) or 2 (the server or the connection).
import { Command, CommanderError } from "commander";
import { CliError, EXIT_SERVER_ERROR, EXIT_USER_ERROR } from "./cli-error";
import { createCliContext, type CliContext } from "./cli-context";
import { registerApply } from "./commands/apply";
import { registerApprove } from "./commands/approve";
import { registerCertificate } from "./commands/certificate";
import { registerControl } from "./commands/control";
import { registerDelete } from "./commands/delete";
import { registerDescribe } from "./commands/describe";
import { registerEvents } from "./commands/events";
import { registerGet } from "./commands/get";
import { registerLogs } from "./commands/logs";
import { registerMcp } from "./commands/mcp";
import { registerNew } from "./commands/new";
import { registerReject } from "./commands/reject";
import { registerSecret } from "./commands/secret";
import { registerStats } from "./commands/stats";
import { registerTokens } from "./commands/tokens";
import { registerUsers } from "./commands/users";
import { registerVerify } from "./commands/verify";
import { registerWebhook } from "./commands/webhook";

export function buildProgram(context: CliContext): Command {
  const program = new Command("setpoint")
    .description("Drive Setpoint goals: declarative specs reconciled by runners until measured targets hold.")
    .exitOverride()
    .showHelpAfterError("(add --help for usage)")
    .addHelpText(
      "after",
      "\nServer: SETPOINT_URL, else the address `npm start` wrote to $SETPOINT_DATA_DIR/server-url, else http://localhost:$PORT (3000). Token: SETPOINT_TOKEN, else $SETPOINT_DATA_DIR/admin-token (default ./.data).",
    );
  for (const register of [
    registerApply,
    registerGet,
    registerDescribe,
    registerLogs,
    registerApprove,
    registerReject,
    registerControl,
    registerDelete,
    registerSecret,
    registerUsers,
    registerTokens,
    registerWebhook,
    registerEvents,
    registerStats,
    registerCertificate,
    registerVerify,
    registerMcp,
    registerNew,
  ]) {
    register(program, context);
  }
  return program;
}

export async function main(argv: readonly string[], context: CliContext = createCliContext()): Promise<number> {
  try {
    await buildProgram(context).parseAsync([...argv]);
    return 0;
  } catch (error) {
    return reportError(error);
  }
}

// `setpoint get goals -o json | head`: once the reader has gone, what is left to print has nowhere to go.
// Stop quietly, as Unix tools do, instead of dying on an unhandled EPIPE with a stack trace.
export function exitQuietlyOnBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(0);
      throw error;
    });
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has printed its own message (or the help) already.
    return error.exitCode === 0 ? 0 : EXIT_USER_ERROR;
  }
  if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\n`);
    for (const line of error.details) process.stderr.write(`${line}\n`);
    return error.exitCode;
  }
  // Not an expected failure: a bug, so the stack helps whoever reports it.
  process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT_SERVER_ERROR;
}
