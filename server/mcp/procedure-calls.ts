// The API procedures the MCP tools use, and the one shape in which they reach them: in the web process
// through the router itself (the HTTP endpoint), or over HTTP like the CLI (`setpoint mcp`). Either way
// each call passes the same procedure, with its permission check, input schema and domain function.
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../api/root";

export const PROCEDURES = {
  "goals.list": "query",
  "goals.get": "query",
  "goals.iterations": "query",
  "goals.events": "query",
  "goals.budgets": "query",
  "goals.notifications": "query",
  "goals.logs": "query",
  "goals.applyYaml": "mutation",
  "spec.validateYaml": "mutation",
  "goals.approve": "mutation",
  "goals.reject": "mutation",
  "goals.pause": "mutation",
  "goals.resume": "mutation",
  "goals.rerun": "mutation",
  "goals.cancel": "mutation",
} as const;

export type ProcedurePath = keyof typeof PROCEDURES;
type Inputs = inferRouterInputs<AppRouter>;
type Outputs = inferRouterOutputs<AppRouter>;
type Split<P extends string> = P extends `${infer Router}.${infer Name}` ? [Router, Name] : never;
export type CallInput<P extends ProcedurePath> =
  Split<P> extends [infer R extends keyof Inputs, infer N extends string] ? Inputs[R][N & keyof Inputs[R]] : never;
// As the API sends it: plain JSON (dates as ISO strings).
export type CallOutput<P extends ProcedurePath> =
  Split<P> extends [infer R extends keyof Outputs, infer N extends string] ? Outputs[R][N & keyof Outputs[R]] : never;

// Throws an Error whose message says, for a person or an agent, what went wrong.
export type CallProcedure = <P extends ProcedurePath>(path: P, input: CallInput<P>) => Promise<CallOutput<P>>;
