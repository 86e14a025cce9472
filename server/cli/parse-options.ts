// Checks option values before any request, so a typo fails fast with a user error.
import { CliError } from "./cli-error";

export const OUTPUT_FORMATS = ["wide", "json", "yaml"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function parseIterationNumber(value: string | undefined, option = "--iteration"): number {
  if (value === undefined) throw new CliError(`${option} <number> is required`);
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number)) throw new CliError(`${option} must be a whole number, found '${value}'`);
  return number;
}

export function parseOutputFormat(value: string | undefined, allowed: readonly OutputFormat[] = OUTPUT_FORMATS): OutputFormat | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new CliError(`-o must be one of: ${allowed.join(", ")}; found '${value}'`);
  return value as OutputFormat;
}

export function parseLabelSelector(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[^=\s]+=[^=\s]*$/.test(value)) throw new CliError(`-l must be key=value, found '${value}'`);
  return value;
}
