// Checks option values before any request, so a typo fails fast with a user error.
import { CliError } from "./cli-error";
import { shorten } from "./shorten";

export const OUTPUT_FORMATS = ["wide", "json", "yaml"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function parseIterationNumber(value: string | undefined, option = "--iteration"): number {
  if (value === undefined) throw new CliError(`${option} <number> is required`);
  const number = Number(value);
  // Iteration numbers are Postgres integers, as the API says.
  if (!/^\d+$/.test(value.trim()) || number > 2_147_483_647)
    throw new CliError(`${option} must be a whole number from 0 to 2147483647, found '${shorten(value)}'`);
  return number;
}

// A best-of-N candidate's number: 1 or more.
export function parseCandidateNumber(value: string, option = "--candidate"): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || number < 1 || number > 2_147_483_647)
    throw new CliError(`${option} must be a whole number from 1 to 2147483647, found '${shorten(value)}'`);
  return number;
}

export function parseOutputFormat(value: string | undefined, allowed: readonly OutputFormat[] = OUTPUT_FORMATS): OutputFormat | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new CliError(`-o must be one of: ${allowed.join(", ")}; found '${shorten(value)}'`);
  return value as OutputFormat;
}

export function parseLabelSelector(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > 200 || !/^[^=\s\0]+=[^=\s\0]*$/.test(value))
    throw new CliError(`-l must be key=value (at most 200 characters), found '${shorten(value)}'`);
  return value;
}

// A goal's name is checked here, by the spec's own rule, so a wrong one (a path, a huge argument)
// fails before any request; the schema (zod) loads only when a name is given.
export async function parseGoalName(value: string, what = "NAME"): Promise<string> {
  const { dnsLabel } = await import("../spec/goal-spec");
  const checked = dnsLabel.safeParse(value);
  if (!checked.success) throw new CliError(`${what} must be a goal's name: ${checked.error.issues[0].message}; found '${shorten(value)}'`);
  return value;
}
