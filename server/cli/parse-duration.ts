// `--since 90s|15m|2h|7d|1h30m`: a duration in seconds, checked before any request.
import { CliError } from "./cli-error";
import { shorten } from "./shorten";

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };
// The API takes up to ten years.
export const MAX_DURATION_SECONDS = 315_360_000;

export function parseDuration(value: string, option = "--since"): number {
  const text = value.trim().toLowerCase();
  const parts = text.length <= 40 && /^(\d+[smhdw])+$/.test(text) ? [...text.matchAll(/(\d+)([smhdw])/g)] : null;
  if (!parts) throw new CliError(`${option} must be a duration such as 90s, 15m, 2h, 7d or 1h30m; found '${shorten(value)}'`);
  const seconds = parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * UNIT_SECONDS[unit], 0);
  if (seconds <= 0) throw new CliError(`${option} must be longer than 0s`);
  if (seconds > MAX_DURATION_SECONDS) throw new CliError(`${option} must be at most 10 years (${MAX_DURATION_SECONDS}s); found '${shorten(value)}'`);
  return seconds;
}
