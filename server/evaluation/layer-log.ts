// A layer's log is what the command printed (tail kept) followed by what Setpoint concluded,
// so the conclusion survives the cap and is marked as not the command's own words.
import { capText } from "../process/capped-buffer";

export const LAYER_LOG_LIMIT_BYTES = 256 * 1024;

export function layerLog(output: string, notes: string[]): string {
  const printed = capText(output, LAYER_LOG_LIMIT_BYTES).trimEnd();
  const said = notes.map((note) => `[setpoint] ${note}`);
  return (printed ? [printed, ...said] : said).join("\n");
}
